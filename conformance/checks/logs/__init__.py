"""logs: each call of the flows leaves its lifecycle records, valid and on its trace."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from conformance.flows import calls
from conformance.observations import CallLogs, LogRecord
from conformance.registry import Declared, Subject, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

REQUIRES = ("logs", "tokens")


def log_calls(ctx: RunContext) -> list[Subject]:
    """The flows' calls that must leave lifecycle records (`x-accord-logs`; see docs/flows.md)."""
    return calls.log_calls(ctx)


def flow_calls(ctx: RunContext) -> list[Subject]:
    """The calls whose records span services (a flow reaching another service)."""
    return [
        s for s in calls.log_calls(ctx) if set(s.value.step.logs) - {calls.service_of(ctx, s.value)}
    ]


def observe_logs(ctx: RunContext, subject: Subject) -> CallLogs:
    return calls.call_logs(ctx, subject.value)


def observe_records(ctx: RunContext, subject: Subject) -> CallLogs:
    """The call's records. None found: the candidate's failure (LOG-001 names the missing ones),
    unless its manifests list none of the lifecycle events the call implies (nothing to judge)."""
    observed = observe_logs(ctx, subject)
    if not observed.records and not observed.expected:
        raise Declared(f"the target's manifests list no lifecycle event {subject.value} implies")
    if not observed.records:
        raise Violation(
            f"no lifecycle record of {subject.value} was found within timeouts.logs (see LOG-001)",
            observed.evidence(),
        )
    return observed


# --- examples: a card order's records in both services, and ways to break them ---
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
ORDER = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
PAYMENT = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
EXPECTED = {
    "orders": ("order.created", "order.payment_requested", "order.status_changed"),
    "payments": ("payment.created", "payment.successful"),
}
SCHEMA = {
    "type": "object",
    "required": ["timestamp", "level", "service", "event", "resource_id", "trace_id", "span_id"],
    "properties": {
        "level": {"enum": ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]},
        "trace_id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "span_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
    },
}


def line(service: str, event: str, **changes: Any) -> LogRecord:
    record = {
        "timestamp": "2025-01-15T10:30:00.123Z",
        "level": "INFO",
        "service": service,
        "event": event,
        "resource_id": ORDER if service == "orders" else PAYMENT,
        "trace_id": TRACE,
        "span_id": "00f067aa0ba902b7",
        "message": event,
    }
    record.update(changes)
    text = json.dumps({k: v for k, v in record.items() if v is not None})
    return LogRecord(service, text, "trace")


def card_order(records: list[LogRecord] | None = None) -> CallLogs:
    """A card order's observation: by default one healthy record per expected event."""
    if records is None:
        records = [line(s, e) for s, events in EXPECTED.items() for e in events]
    schemas = {"orders": SCHEMA, "payments": SCHEMA}
    return CallLogs("orders.createOrder:card", "orders", TRACE, EXPECTED, tuple(records), schemas)


def healthy_except(service: str, event: str, **changes: Any) -> CallLogs:
    """The healthy records, with one changed (`None` drops a field)."""
    records = [
        line(s, e, **changes) if (s, e) == (service, event) else line(s, e)
        for s, events in EXPECTED.items()
        for e in events
    ]
    return card_order(records)
