"""Event evidence: broker messages as received, and what one call caused."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")


@dataclass(frozen=True)
class RawEvent:
    """One broker message as received, and the HTTP call that should have caused it."""

    routing_key: str
    body: bytes
    properties: dict[str, Any] = field(default_factory=dict)  # content_type, headers, ...
    trigger: dict[str, Any] = field(default_factory=dict)  # HttpExchange.evidence() of the call
    trace_id: str | None = None  # the trace id the suite sent in `traceparent`
    received_at: float = 0.0  # seconds since the tap was opened

    def envelope(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def attribute(self, name: str) -> Any:
        """An envelope attribute, or None when absent or the body is not a JSON object."""
        envelope = self.envelope()
        return envelope.get(name) if isinstance(envelope, dict) else None

    def data(self) -> dict[str, Any]:
        data = self.attribute("data")
        return data if isinstance(data, dict) else {}

    def sent_trace_id(self) -> str | None:
        """The trace id of the envelope's `traceparent` (else of an AMQP `traceparent` header)."""
        value = self.attribute("traceparent") or (self.properties.get("headers") or {}).get(
            "traceparent"
        )
        match = TRACEPARENT.match(value) if isinstance(value, str) else None
        return match.group(1) if match else None

    def about(self) -> set[str]:
        """The resource ids the message names: `subject`, `data.id`, `data.orderId`."""
        data = self.data()
        ids = (self.attribute("subject"), data.get("id"), data.get("orderId"))
        return {i for i in ids if isinstance(i, str)}

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "event",
            "routing_key": self.routing_key,
            "body": self.body.decode("utf-8", errors="replace"),
            "properties": self.properties,
            "trigger": self.trigger,
            "trace_id": self.trace_id,
        }


@dataclass(frozen=True)
class CallEvents:
    """The messages one triggering call caused, with what the contracts expected of it."""

    call: str  # the flow step that made the call, e.g. "seed:cardOrderIsPaid.placeOrder"
    trace_id: str  # the trace id the suite sent with the call
    expected: tuple[str, ...]  # the channels (routing keys) expected, one entry per event
    events: tuple[RawEvent, ...] = ()
    resources: dict[str, str] = field(default_factory=dict)  # ids the call named (examples)
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)  # channel -> payload schema
    trigger: dict[str, Any] = field(default_factory=dict)
    waited: float = 0.0  # how long the tap listened for this call
    # channel -> (the AsyncAPI message's correlationId location, the value the flow expects)
    correlations: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "event",
            "call": self.call,
            "trace_id": self.trace_id,
            "expected": list(self.expected),
            "resources": self.resources,
            "waited": round(self.waited, 3),
            "events": [
                {k: v for k, v in e.evidence().items() if k not in ("kind", "trigger")}
                for e in self.events
            ],
            "trigger": self.trigger,
        }
