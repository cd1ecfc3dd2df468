"""A message interaction against the provider's AsyncAPI 2.x: the channel it names, the payload.

The channel is the CloudEvents `type` in the contents, else the metadata's `routingKey`/`type`,
else the interaction's description. The provider must *send* on it: in AsyncAPI 2.x that is the
channel's `publish` operation (`publish` = messages this application sends)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.pacts.model import MessageInteraction
from accord.pacts.recorded import recorded
from accord.pacts.validation import failure
from accord.speclint.loader import Document
from accord.speclint.problem import pointer
from accord.speclint.schemas import ASYNCAPI_DIALECT

Finding = tuple[str, str]
# The consumer recorded the part of the message it reads (recorded.py).
RECORDED_MESSAGE = recorded(ASYNCAPI_DIALECT)


def check_message(document: Document, interaction: MessageInteraction) -> list[Finding]:
    """Every way the message disagrees with the AsyncAPI document."""
    channels = document.data.get("channels") if isinstance(document.data, dict) else None
    channel = channel_of(interaction, channels or {})
    if channel is None:
        return [("/channels", "no channel matches this message's type, routing key or description")]
    operation_ptr = pointer("channels", channel, "publish")
    if not isinstance(document.at(operation_ptr), dict):
        return [(pointer("channels", channel), f"the provider does not publish on {channel!r}")]
    messages = list(_messages(document, operation_ptr + "/message"))
    results = [list(_message_findings(document, ptr, interaction)) for ptr in messages]
    if not results or any(not found for found in results):
        return []
    return results[0]  # none fits: report against the first alternative


def channel_of(interaction: MessageInteraction, channels: dict[str, Any]) -> str | None:
    """The channel the message names."""
    contents = interaction.contents if isinstance(interaction.contents, dict) else {}
    metadata = interaction.metadata
    for candidate in (
        contents.get("type"),
        metadata.get("routingKey"),
        metadata.get("type"),
        metadata.get("ce-type"),
        interaction.description,
    ):
        if isinstance(candidate, str) and candidate in channels:
            return candidate
    return None


def _messages(document: Document, ptr: str) -> Iterator[str]:
    node, ptr = document.resolve(document.at(ptr), ptr)
    if isinstance(node, dict) and isinstance(node.get("oneOf"), list):
        for index in range(len(node["oneOf"])):
            yield from _messages(document, ptr + pointer("oneOf", index))
    elif isinstance(node, dict):
        yield ptr


def _message_findings(
    document: Document, message_ptr: str, interaction: MessageInteraction
) -> Iterator[Finding]:
    message = document.at(message_ptr)
    expected = message.get("contentType") or document.data.get("defaultContentType")
    actual = interaction.metadata.get("contentType") or interaction.metadata.get("content-type")
    if expected and isinstance(actual, str) and actual.split(";")[0].strip() != expected:
        yield message_ptr + "/contentType", f"content type {actual!r} is not {expected!r}"
    if "payload" in message:
        contents = interaction.contents
        found = failure(document, message_ptr + "/payload", contents, RECORDED_MESSAGE)
        if found is not None:
            yield found.pointer, f"message contents: {found.why}"
