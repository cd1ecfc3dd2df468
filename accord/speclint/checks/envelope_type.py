"""LINT-006: a message's CloudEvents `type` is the name of the channel it travels on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.speclint.asyncapi import messages
from accord.speclint.loader import Service
from accord.speclint.problem import Problem
from accord.speclint.registry import check


@check("LINT-006", "every AsyncAPI message's envelope type (const) equals its channel name")
def envelope_type_is_channel(services: list[Service]) -> Iterator[Problem]:
    """The payload's `type` property is fixed (const or one-value enum) to the channel name."""
    for service in services:
        events = service.events
        if events is None or not events.ok:
            continue
        for message in messages(events):
            payload, payload_at = message.payload(events)
            properties = payload.get("properties") if isinstance(payload, dict) else None
            node, at = events.resolve(
                (properties or {}).get("type"), payload_at + "/properties/type"
            )
            fixed = fixed_value(node)
            if fixed is None:
                message_text = f"envelope type must be fixed to {message.channel!r} (const or enum)"
                yield events.problem(at, message_text)
            elif fixed[0] != message.channel:
                text = f"envelope type {fixed[0]!r} does not equal channel {message.channel!r}"
                yield events.problem(at + fixed[1], text)


def fixed_value(schema: Any) -> tuple[Any, str] | None:
    """The one value a schema allows (and its pointer suffix), or None."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"], "/const"
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return enum[0], "/enum/0"
    return None
