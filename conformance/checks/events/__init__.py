"""events: each call of the flows publishes exactly the events they expect, judged raw."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from conformance.flows import calls as flow_calls
from conformance.observations import CallEvents, RawEvent
from conformance.registry import Declared, Subject, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

REQUIRES = ("broker", "tokens")
CONTENT_TYPE = "application/cloudevents+json"


def calls(ctx: RunContext) -> list[Subject]:
    """One subject per call of the flows that receive steps expect events of (docs/flows.md)."""
    return flow_calls.event_calls(ctx)


def observe_call(ctx: RunContext, subject: Subject) -> CallEvents:
    return flow_calls.call_events(ctx, subject.value)


def observe_events(ctx: RunContext, subject: Subject) -> CallEvents:
    """The call's events. None arrived: the candidate's failure (EVT-001 names the missing ones),
    unless its AsyncAPI publishes none of the channels the call causes (nothing to judge)."""
    observed = observe_call(ctx, subject)
    if not observed.events and not observed.expected:
        raise Declared(f"the target's AsyncAPI publishes no channel {subject.value} causes")
    if not observed.events:
        raise Violation(
            f"no event of {subject.value} arrived within timeouts.event to judge (see EVT-001)",
            observed.evidence(),
        )
    return observed


def each_event(observed: CallEvents, judge: Callable[[RawEvent], str | None]) -> None:
    """Apply a per-message judgement; one Violation listing every offending message."""
    problems = []
    for event in observed.events:
        problem = judge(event)
        if problem:
            problems.append(f"{event.routing_key}: {problem}")
    if problems:
        raise Violation(f"{observed.call}: " + "; ".join(problems))


# --- examples: a healthy card order as it arrives from the broker, and ways to break it ---
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
ORDER = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
PAYMENT = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
DATA: dict[str, dict[str, Any]] = {
    "order.created": {"id": ORDER, "customerId": "c-1", "items": ["sku-1"], "status": "pending"},
    "payment.successful": {
        "id": PAYMENT,
        "orderId": ORDER,
        "method": "card",
        "status": "successful",
    },
    "order.updated": {"id": ORDER, "status": "paid", "previousStatus": "pending"},
}
SCHEMA = {
    "type": "object",
    "required": ["specversion", "id", "source", "type", "time", "subject", "traceparent", "data"],
    "properties": {
        "specversion": {"const": "1.0"},
        "time": {"type": "string", "format": "date-time"},
        "data": {"type": "object", "required": ["id", "status"]},
    },
}


def envelope(channel: str, n: int = 0, **changes: Any) -> dict[str, Any]:
    data = DATA[channel]
    body = {
        "specversion": "1.0",
        "id": f"evt-{channel}-{n}",
        "source": "urn:accord:" + channel.split(".")[0] + "s",
        "type": channel,
        "time": "2025-01-15T10:30:01Z",
        "subject": data["id"],
        "datacontenttype": "application/json",
        "traceparent": f"00-{TRACE}-00f067aa0ba902b7-01",
        "data": data,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def raw(channel: str, body: Any = None, routing_key: str | None = None, **props: Any) -> RawEvent:
    body = envelope(channel) if body is None else body
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    properties = {"content_type": CONTENT_TYPE, "headers": {}, **props}
    return RawEvent(routing_key or channel, content, properties, trace_id=TRACE)


def card_order(
    events: list[RawEvent] | None = None, expected: tuple[str, ...] | None = None
) -> CallEvents:
    """A card order's observation: by default its three healthy events."""
    if events is None:
        events = [raw(ch) for ch in DATA]
    return CallEvents(
        "orders.createOrder:card",
        TRACE,
        tuple(DATA) if expected is None else expected,
        tuple(events),
        {"order": ORDER},
        {ch: SCHEMA for ch in DATA},
    )
