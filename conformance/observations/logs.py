"""Log evidence: the lifecycle records one call caused, as the services wrote them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LogRecord:
    """One line a service wrote, found as a lifecycle record of a call (and how it was found)."""

    service: str
    line: str
    found_by: str = "trace"  # "trace", "resource" or "window"

    @property
    def record(self) -> Any:
        return parse(self.line)

    def field(self, name: str) -> Any:
        record = self.record
        return record.get(name) if isinstance(record, dict) else None


@dataclass(frozen=True)
class CallLogs:
    """The lifecycle records one triggering call caused, and the ones the specs expect of it."""

    call: str  # the flow step that made the call, e.g. "seed:cardOrderIsPaid.placeOrder"
    entry: str  # the service the call was sent to
    trace_id: str  # the trace id the suite sent in `traceparent`
    expected: dict[str, tuple[str, ...]] = field(default_factory=dict)  # service -> events
    records: tuple[LogRecord, ...] = ()
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)  # service -> log schema
    trigger: dict[str, Any] = field(default_factory=dict)

    def of(self, *services: str) -> list[LogRecord]:
        return [r for r in self.records if r.service in services]

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "logs",
            "call": self.call,
            "trace_id": self.trace_id,
            "expected": {s: list(e) for s, e in self.expected.items()},
            "lines": [f"{r.service} ({r.found_by}): {r.line}" for r in self.records[:50]],
            "trigger": self.trigger,
        }


def parse(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None
