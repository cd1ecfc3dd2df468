"""Taps the candidate's broker: the observation type for the `events` family (extension point).

The `events` family (to come) binds its own queue on the target's exchange (`target.broker`),
triggers operations through the HTTP probe and collects every message that arrives within
`target.timeouts["event"]`. Checks judge the message as received, never through an SDK object that
would fill in missing attributes: `RawEvent.body` is the exact bytes on the wire.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawEvent:
    """One broker message as received, and the HTTP call that should have caused it."""

    routing_key: str
    body: bytes
    properties: dict[str, Any] = field(default_factory=dict)  # content_type, headers, ...
    trigger: dict[str, Any] = field(default_factory=dict)  # HttpExchange.evidence() of the call
    trace_id: str | None = None  # the trace id the suite sent in `traceparent`

    def envelope(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "event",
            "routing_key": self.routing_key,
            "body": self.body.decode("utf-8", errors="replace"),
            "properties": self.properties,
            "trigger": self.trigger,
            "trace_id": self.trace_id,
        }
