"""The triggering calls the `events` and `logs` families judge, made once per run.

Each scenario is one call through the public API with a fresh `traceparent`. The broker tap is
bound before the first call and the log sources are followed from before it; after each call the
suite waits until what the contracts expect of it has arrived (events within `timeouts.event`, log
records within `timeouts.logs`), then a short grace period to catch extras, then moves on. Messages
are attributed to the call whose trace id they carry, else to the latest call about the resource
they name (`subject`, `data.id`, `data.orderId`); log records likewise, else by the call's window.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from conformance.observations import HttpExchange
from conformance.probes.contracts import Contracts, contracts
from conformance.probes.events import BrokerTap, BrokerUnreachable, CallEvents, RawEvent
from conformance.probes.flow import Caller, created_id
from conformance.probes.logs import CallLogs, LogFollower, LogRecord, parse
from conformance.registry import Declared, SetupFailed, Violation

POLL = 0.05
NEXT_STATUS = {"pending": "paid", "paid": "shipped", "shipped": "delivered"}


@dataclass(frozen=True)
class Scenario:
    """A triggering call and what it must cause: events (channels) and log lifecycle events."""

    name: str
    service: str
    operation_id: str
    method: str | None
    events: tuple[str, ...]
    logs: dict[str, tuple[str, ...]]

    @property
    def payment_method(self) -> str:
        """The method a creating call pays with: every scenario that creates names one."""
        if self.method is None:
            raise ValueError(f"scenario {self.name} names no payment method")
        return self.method


SCENARIOS = (
    Scenario(
        "orders.createOrder:card",
        "orders",
        "createOrder",
        "card",
        ("order.created", "payment.successful", "order.updated"),
        {
            "orders": ("order.created", "order.payment_requested", "order.status_changed"),
            "payments": ("payment.created", "payment.successful"),
        },
    ),
    Scenario(
        "orders.createOrder:test_declined",
        "orders",
        "createOrder",
        "test_declined",
        ("order.created", "payment.failed"),
        {
            "orders": ("order.created", "order.payment_requested", "order.payment_failed"),
            "payments": ("payment.created", "payment.failed"),
        },
    ),
    Scenario(
        "orders.updateOrderStatus",
        "orders",
        "updateOrderStatus",
        None,
        ("order.updated",),
        {"orders": ("order.status_changed",)},
    ),
    Scenario(
        "payments.createPayment:card",
        "payments",
        "createPayment",
        "card",
        ("payment.successful",),
        {"payments": ("payment.created", "payment.successful")},
    ),
    Scenario(
        "payments.createPayment:test_declined",
        "payments",
        "createPayment",
        "test_declined",
        ("payment.failed",),
        {"payments": ("payment.created", "payment.failed")},
    ),
)


@dataclass
class Call:
    scenario: Scenario
    index: int
    trace_id: str = ""
    exchange: HttpExchange | None = None
    resources: dict[str, str] = field(default_factory=dict)
    failure: Violation | SetupFailed | Declared | None = None  # why the call could not be made
    events: list[RawEvent] = field(default_factory=list)
    waited: float = 0.0


def scenarios_for(target: Any) -> list[Scenario]:
    """The scenarios whose service the target names."""
    return [s for s in SCENARIOS if s.service in target.services]


def traffic(ctx: Any) -> Traffic:
    """The run's one pass over the scenarios (the events and logs checks all judge it)."""
    return ctx.memo("traffic", lambda: Traffic(ctx).run())


class Traffic:
    def __init__(self, ctx: Any) -> None:
        self.ctx, self.caller = ctx, Caller(ctx)
        timeouts = ctx.target.timeouts
        self.event_timeout, self.logs_timeout = timeouts["event"], timeouts["logs"]
        self.grace = min(1.0, timeouts["event"] / 5)
        self.contracts: dict[str, Contracts] = {
            name: contracts(name, service.specs) for name, service in ctx.target.services.items()
        }
        self.published = {ch for c in self.contracts.values() for ch in c.published}
        self.calls: list[Call] = []
        self.lines: list[tuple[str, int, str]] = []  # (service, call index, line)
        self.tap: BrokerTap | None = None
        self.tap_error: str | None = None
        self.followers: dict[str, LogFollower] = {}
        self.log_errors: dict[str, SetupFailed] = {}  # service -> why its log source failed

    def run(self) -> Traffic:
        self._open()
        try:
            for index, scenario in enumerate(scenarios_for(self.ctx.target)):
                call = Call(scenario, index)
                self.calls.append(call)
                self.ctx.progress(f"events and logs: calling {scenario.name}")
                try:
                    self._trigger(call)
                except (Violation, SetupFailed, Declared) as exc:
                    call.failure = exc
                    continue
                self._await(call)
        finally:
            if self.tap is not None:
                self.tap.close()
        return self

    def _open(self) -> None:
        target = self.ctx.target
        for name, service in target.services.items():
            if service.logs is not None:
                try:
                    self.followers[name] = LogFollower(name, service.logs, self.logs_timeout)
                except SetupFailed as exc:
                    self.log_errors[name] = exc
        if target.broker is not None:
            try:
                self.tap = BrokerTap(target.broker, target.timeouts["connect"]).open()
            except BrokerUnreachable as exc:
                self.tap_error = str(exc)

    def _trigger(self, call: Call) -> None:
        scenario = call.scenario
        if scenario.operation_id == "createOrder":
            call.exchange, call.trace_id, order_id = self.caller.create_order(
                scenario.payment_method
            )
            call.resources = {"order": order_id}
        elif scenario.operation_id == "updateOrderStatus":
            order_id = self._order_to_update()
            shown = self.caller.status(order_id)
            status = NEXT_STATUS.get(shown)
            if status is None:
                raise Violation(f"setup: order {order_id} shows {shown!r}, not a status to PATCH")
            call.exchange, call.trace_id = self.caller.send(
                "orders", "updateOrderStatus", body={"status": status}, resource=order_id
            )
            call.resources = {"order": order_id}
            if call.exchange.response.status != 200:
                answered = call.exchange.response.status
                raise Violation(
                    f"setup call PATCH to {status} answered {answered}, not 200",
                    call.exchange.evidence(),
                )
        else:
            order_id = str(uuid.uuid4())
            body = {"orderId": order_id, "method": scenario.payment_method}
            call.exchange, call.trace_id = self.caller.send("payments", "createPayment", body=body)
            call.resources = {"payment": created_id(call.exchange), "order": order_id}

    def _order_to_update(self) -> str:
        """The card order, once its payment has settled (paid), so the PATCH is the only change."""
        card = next((c for c in self.calls if c.scenario.method == "card"), None)
        if card is None or card.failure is not None:
            cause = card.failure if card else None
            if isinstance(cause, Violation | SetupFailed):
                raise type(cause)(f"no card order to PATCH: {cause.message}", cause.evidence)
            raise Declared(f"no card order to PATCH: {cause or 'the target names no orders'}")
        order_id = card.resources["order"]
        if "payments" in self.ctx.target.services:
            deadline = time.monotonic() + self.ctx.target.timeouts["flow"]
            while self.caller.status(order_id) == "pending" and time.monotonic() < deadline:
                time.sleep(POLL * 2)
        return order_id

    def _await(self, call: Call) -> None:
        self.ctx.progress(f"events and logs: awaiting what {call.scenario.name} causes")
        start = time.monotonic()
        settled: float | None = None
        while True:
            self._collect(call.index)
            now = time.monotonic()
            events_done = self.tap is None or self._events_complete(call)
            logs_done = self._logs_complete(call)
            if events_done and logs_done:
                settled = settled or now
                if now - settled >= self.grace:
                    break
            else:
                deadlines = [start + self.event_timeout] if not events_done else []
                deadlines += [start + self.logs_timeout] if not logs_done else []
                if now >= max(deadlines):
                    break
            time.sleep(POLL)
        call.waited = time.monotonic() - start

    def _collect(self, index: int) -> None:
        for raw in self.tap.poll() if self.tap else []:
            owner = self._owner(raw)
            if owner is not None:
                trigger = owner.exchange.evidence() if owner.exchange else {}
                owner.events.append(replace(raw, trigger=trigger, trace_id=owner.trace_id))
        for name, follower in self.followers.items():
            if name in self.log_errors:
                continue
            try:
                self.lines += [(name, index, line) for line in follower.poll()]
            except SetupFailed as exc:
                self.log_errors[name] = exc

    def _owner(self, raw: RawEvent) -> Call | None:
        trace = raw.sent_trace_id()
        by_trace = next((c for c in self.calls if c.trace_id and c.trace_id == trace), None)
        if by_trace is not None:
            return by_trace
        about = raw.about()
        return next((c for c in reversed(self.calls) if about & set(c.resources.values())), None)

    def expected_events(self, call: Call) -> tuple[str, ...]:
        return tuple(ch for ch in call.scenario.events if ch in self.published)

    def _events_complete(self, call: Call) -> bool:
        got = Counter(e.routing_key for e in call.events)
        return not Counter(self.expected_events(call)) - got

    def expected_logs(self, call: Call) -> dict[str, tuple[str, ...]]:
        expected = {}
        for service, events in call.scenario.logs.items():
            if service in self.followers:
                listed = self.contracts[service].lifecycle_events
                expected[service] = tuple(e for e in events if e in listed)
        return {s: e for s, e in expected.items() if e}

    def _logs_complete(self, call: Call) -> bool:
        found = {(r.service, r.field("event")) for r in self.records(call)}
        return all(
            (s, e) in found for s, events in self.expected_logs(call).items() for e in events
        )

    def records(self, call: Call) -> list[LogRecord]:
        """The call's lifecycle records: by trace id, else by resource id (read since the call
        began), else by the call's window."""
        chosen = []
        resources = set(call.resources.values())
        for service, events in self.expected_logs(call).items():
            for event in events:
                lines = [
                    (index, line, parse(line))
                    for name, index, line in self.lines
                    if name == service and _event_of(line) == event
                ]
                groups = {
                    "trace": [ln for i, ln, r in lines if r.get("trace_id") == call.trace_id],
                    "resource": [
                        ln
                        for i, ln, r in lines
                        if i >= call.index and r.get("resource_id") in resources
                    ],
                    "window": [ln for i, ln, r in lines if i == call.index],
                }
                how, found = next(((k, v) for k, v in groups.items() if v), ("", []))
                chosen += [LogRecord(service, line, how) for line in found]
        return chosen

    def call(self, name: str) -> Call:
        found = next((c for c in self.calls if c.scenario.name == name), None)
        if found is None:
            raise Declared(f"the target names no service for {name}")
        if found.failure is not None:
            raise found.failure
        return found

    def call_events(self, name: str) -> CallEvents:
        if self.tap_error:
            raise BrokerUnreachable(self.tap_error)
        call = self.call(name)
        schemas = {ch: p for c in self.contracts.values() for ch, p in c.published.items()}
        return CallEvents(
            name,
            call.trace_id,
            self.expected_events(call),
            tuple(call.events),
            call.resources,
            schemas,
            call.exchange.evidence() if call.exchange else {},
            call.waited,
        )

    def call_logs(self, name: str) -> CallLogs:
        call = self.call(name)
        for service, error in self.log_errors.items():
            if service in call.scenario.logs:
                raise SetupFailed(f"{service}'s log source failed: {error.message}", error.evidence)
        schemas = {s: c.log_schema for s, c in self.contracts.items() if c.log_schema}
        return CallLogs(
            name,
            call.scenario.service,
            call.trace_id,
            self.expected_logs(call),
            tuple(self.records(call)),
            schemas,
            call.exchange.evidence() if call.exchange else {},
        )


def _event_of(line: str) -> Any:
    record = parse(line)
    return record.get("event") if isinstance(record, dict) else None
