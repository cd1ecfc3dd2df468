"""LINT-007: what a service subscribes to, another service publishes, with a compatible payload."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.speclint.asyncapi import RECEIVES, SENDS, Message, messages
from accord.speclint.loader import Document, Service
from accord.speclint.problem import Problem, pointer
from accord.speclint.registry import check
from accord.speclint.schemas import ASYNCAPI_DIALECT, schema_error

MAX_DEPTH = 16


@check(
    "LINT-007",
    "every subscription is published by another service with a compatible payload",
    between_services=True,
)
def subscriptions_are_published(services: list[Service]) -> Iterator[Problem]:
    """The subscriber accepts the publisher's examples; the publisher requires what it requires."""
    usable = [s for s in services if s.events is not None and s.events.ok]
    all_usable = all(_events_known(s) for s in services)
    for subscriber in usable:
        for wanted in messages(subscriber.events, RECEIVES):
            offers = [
                (publisher, sent)
                for publisher in usable
                if publisher is not subscriber
                for sent in messages(publisher.events, SENDS)
                if sent.channel == wanted.channel
            ]
            if not offers and all_usable:
                at = pointer("channels", wanted.channel, RECEIVES)
                text = f"no other service publishes {wanted.channel!r}"
                yield subscriber.events.problem(at, text)
            for publisher, sent in offers:
                yield from _compatible(subscriber, wanted, publisher, sent)


def _events_known(service: Service) -> bool:
    """True when the service's published events are known: "nobody publishes" is not noise then."""
    if not service.manifest.ok:
        return False
    return "events" not in service.manifest.data or (
        service.events is not None and service.events.ok
    )


def _compatible(
    subscriber: Service, wanted: Message, publisher: Service, sent: Message
) -> Iterator[Problem]:
    events = subscriber.events
    payload, payload_at = wanted.payload(events)
    for value, example_at in sent.examples():
        error = schema_error(events, wanted.at + "/payload", value, ASYNCAPI_DIALECT)
        if error:
            text = f"rejects example {example_at} of publisher {publisher.name}: {error}"
            yield events.problem(payload_at, text)
    published, _ = sent.payload(publisher.events)
    yield from _required(events, payload, payload_at, publisher, published, 0)


def _required(
    events: Document, wanted: Any, at: str, publisher: Service, sent: Any, depth: int
) -> Iterator[Problem]:
    """Recursively, each field the subscriber requires is one the publisher requires."""
    wanted, at = events.resolve(wanted, at)
    sent, _ = publisher.events.resolve(sent, "")
    if depth > MAX_DEPTH or not (isinstance(wanted, dict) and isinstance(sent, dict)):
        return
    missing = [f for f in wanted.get("required") or [] if f not in (sent.get("required") or [])]
    if missing:
        fields = ", ".join(repr(f) for f in missing)
        yield events.problem(
            at + "/required",
            f"requires {fields}, which publisher {publisher.name} does not require",
        )
    sent_properties = sent.get("properties") or {}
    for name, schema in (wanted.get("properties") or {}).items():
        if name in sent_properties:
            sub_at = at + pointer("properties", name)
            yield from _required(
                events, schema, sub_at, publisher, sent_properties[name], depth + 1
            )
