"""Walks over an AsyncAPI 2 document: channel operations, their messages, payloads and examples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from accord.speclint.loader import Document
from accord.speclint.problem import pointer

# AsyncAPI 2.x: `publish` = messages the application sends, `subscribe` = messages it receives.
SENDS, RECEIVES = "publish", "subscribe"


class Message(NamedTuple):
    """A message (after `$ref`s) and where it is defined."""

    channel: str
    operation: str
    body: dict
    at: str

    def payload(self, doc: Document) -> tuple[Any, str]:
        """The payload schema (after `$ref`s) and its pointer."""
        return doc.resolve(self.body.get("payload"), self.at + "/payload")

    def examples(self) -> Iterator[tuple[Any, str]]:
        """Each example payload and its pointer."""
        for index, example in enumerate(self.body.get("examples") or []):
            if isinstance(example, dict) and "payload" in example:
                yield example["payload"], self.at + pointer("examples", index, "payload")


def messages(doc: Document, operation: str | None = None) -> Iterator[Message]:
    """Each message of each channel operation (optionally only `publish` or `subscribe`)."""
    for channel, item in (doc.data.get("channels") or {}).items():
        for op in (SENDS, RECEIVES):
            if isinstance(item.get(op), dict) and operation in (None, op):
                at = pointer("channels", channel, op, "message")
                yield from _alternatives(doc, channel, op, item[op].get("message"), at)


def defined_messages(doc: Document) -> Iterator[Message]:
    """Each message defined in place (components, or inline in a channel), once."""
    seen: set[str] = set()
    for message in messages(doc):
        if message.at not in seen:
            seen.add(message.at)
            yield message
    for name, body in ((doc.data.get("components") or {}).get("messages") or {}).items():
        at = pointer("components", "messages", name)
        if at not in seen and isinstance(body, dict) and "$ref" not in body:
            yield Message("", "", body, at)


def _alternatives(doc: Document, channel: str, op: str, node: Any, at: str) -> Iterator[Message]:
    body, at = doc.resolve(node, at)
    if isinstance(body, dict) and isinstance(body.get("oneOf"), list):
        for index, alternative in enumerate(body["oneOf"]):
            yield from _alternatives(doc, channel, op, alternative, f"{at}/oneOf/{index}")
    elif isinstance(body, dict):
        yield Message(channel, op, body, at)
