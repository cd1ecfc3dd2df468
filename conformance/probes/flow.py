"""Drives the seed flow through the public API: triggering calls with a fresh `traceparent` each,
and the end-to-end run of both payment outcomes judged by the `flow` family.

`run_flow` places a `card` order and a `test_declined` order, then polls `GET /orders/{id}`:
the card order must become `paid` within `timeouts.flow`; the declined one is watched for the
window the success path took (three times it, at least one second, at most `timeouts.flow`) and
must stay `pending`. With a broker in the target, the tap (bound before the first POST) collects
the events about both orders.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from conformance import openapi
from conformance.observations import HttpExchange, HttpRequest, Operation
from conformance.probes.events import BrokerTap, BrokerUnreachable, RawEvent
from conformance.registry import Declared, Violation

POLL = 0.1
UNSET: Any = object()


def new_traceparent() -> tuple[str, str]:
    """A fresh W3C `traceparent` (sampled) and its trace id."""
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return f"00-{trace_id}-{span_id}-01", trace_id


class Caller:
    """Calls operations by id with a valid token of their scopes and a fresh `traceparent`."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def operation(self, service: str, operation_id: str) -> Operation:
        if service not in self.ctx.target.services:
            raise Declared(f"the target names no {service} service")
        for op in self.ctx.operations(service):
            if op.operation_id == operation_id:
                return op
        raise Declared(f"{service}'s OpenAPI declares no operation {operation_id}")

    def send(
        self, service: str, operation_id: str, *, body: Any = UNSET, resource: str | None = None
    ) -> tuple[HttpExchange, str]:
        """Send the call; returns the exchange and the trace id sent with it."""
        op = self.operation(service, operation_id)
        traceparent, trace_id = new_traceparent()
        headers = {"Accept": "application/json, application/problem+json"}
        headers["traceparent"] = traceparent
        token = self.ctx.tokens.token(service, op.scopes) if op.secured else None
        if token is not None:
            headers["Authorization"] = f"Bearer {token.value}"
        content = None
        if body is not UNSET:
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        url = self.ctx.target.services[service].base_url + openapi.path_for(op, resource)
        hint = token.hint if token else None
        answer = self.ctx.http.request(op.method, url, headers, content, hint)
        request = HttpRequest(op.method, url, headers, content, hint)
        return HttpExchange(request, answer, op, f"trace {trace_id}"), trace_id

    def create_order(self, method: str) -> tuple[HttpExchange, str, str]:
        """POST /orders with this payment method; a Violation unless 201 with an id."""
        op = self.operation("orders", "createOrder")
        body = {**openapi.valid_body(op), "paymentMethod": method}
        exchange, trace_id = self.send("orders", "createOrder", body=body)
        return exchange, trace_id, created_id(exchange)

    def status(self, order_id: str) -> str:
        """The order's status as GET shows it (`http <status>` when it is not a 200)."""
        exchange, _ = self.send("orders", "getOrder", resource=order_id)
        body = exchange.response.json()
        if exchange.response.status != 200 or not isinstance(body, dict):
            return f"http {exchange.response.status}"
        return str(body.get("status"))


def created_id(exchange: HttpExchange) -> str:
    """The `id` of the created resource; a Violation (the candidate's wrong answer to a setup
    call is its failure) when the call did not create one."""
    body = exchange.response.json()
    if exchange.response.status != 201 or not isinstance(body, dict) or "id" not in body:
        label = exchange.operation.label if exchange.operation else exchange.request.url
        raise Violation(
            f"setup call {label} answered {exchange.response.status}, not 201 with an id: "
            "nothing was created to judge",
            exchange.evidence(),
        )
    return str(body["id"])


@dataclass(frozen=True)
class FlowRun:
    """One order of the seed flow as the suite watched it: GET statuses over time, its events."""

    method: str  # the order's paymentMethod: card or test_declined
    order_id: str
    statuses: tuple[tuple[float, str], ...] = ()  # (seconds after the POST, status by GET)
    watched: float = 0.0  # how long the suite watched
    timeout: float = 30.0  # timeouts.flow
    events: tuple[RawEvent, ...] | None = None  # None: no broker tapped
    trigger: dict[str, Any] = field(default_factory=dict)
    tap_error: str = ""  # why the target's broker could not be tapped

    def reached(self, status: str) -> float | None:
        """Seconds after the POST when GET first showed `status`, else None."""
        return next((t for t, s in self.statuses if s == status), None)

    def events_of(self, channel: str) -> list[RawEvent]:
        return [e for e in self.events or () if e.routing_key == channel]

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "flow",
            "method": self.method,
            "order_id": self.order_id,
            "statuses": [f"{t:.2f}s {s}" for t, s in self.statuses][-40:],
            "watched": round(self.watched, 3),
            "timeout": self.timeout,
            "events": None
            if self.events is None
            else [{"routing_key": e.routing_key, "body": e.body.decode()} for e in self.events],
            "trigger": self.trigger,
        }


def run_flow(ctx: Any) -> dict[str, FlowRun]:
    """Both outcomes of the seed flow, once per run (every flow check judges it)."""
    return ctx.memo("flow", lambda: _FlowWatch(ctx).run())


class _FlowWatch:
    def __init__(self, ctx: Any) -> None:
        self.ctx, self.caller = ctx, Caller(ctx)
        self.timeout = ctx.target.timeouts["flow"]
        self.tap: BrokerTap | None = None
        self.tap_error = ""
        self.events: dict[str, list[RawEvent]] = {}
        self.statuses: dict[str, list[tuple[float, str]]] = {}

    def run(self) -> dict[str, FlowRun]:
        if self.ctx.target.broker is not None:
            self.tap = BrokerTap(self.ctx.target.broker, self.ctx.target.timeouts["connect"])
            try:
                self.tap.open()
            except BrokerUnreachable as exc:
                self.tap, self.tap_error = None, str(exc)
        try:
            self.ctx.progress("flow: placing a card and a test_declined order")
            orders = {m: self.caller.create_order(m) for m in ("card", "test_declined")}
            self.started = time.monotonic()
            ids = {m: order_id for m, (_, _, order_id) in orders.items()}
            watched = self._watch(ids)
        finally:
            if self.tap is not None:
                self.tap.close()
        return {
            method: FlowRun(
                method,
                ids[method],
                tuple(self.statuses[method]),
                watched,
                self.timeout,
                None if self.tap is None else tuple(self.events[method]),
                exchange.evidence(),
                self.tap_error,
            )
            for method, (exchange, _, _) in orders.items()
        }

    def _watch(self, ids: dict[str, str]) -> float:
        self.statuses = {m: [] for m in ids}
        self.events = {m: [] for m in ids}
        while True:
            self._poll(ids)
            now = self._elapsed()
            self.ctx.progress(f"flow: watching both orders, {now:.1f} s")
            if now >= self.timeout or self._settled(now):
                return now
            time.sleep(POLL)

    def _poll(self, ids: dict[str, str]) -> None:
        for method, order_id in ids.items():
            if method == "card" and self._reached("card", "paid") is not None:
                continue
            self.statuses[method].append((self._elapsed(), self.caller.status(order_id)))
        for raw in self.tap.poll() if self.tap else []:
            for method, order_id in ids.items():
                if order_id in raw.about():
                    self.events[method].append(raw)

    def _settled(self, now: float) -> bool:
        paid = self._reached("card", "paid")
        if paid is None:
            return False
        window = min(self.timeout, max(1.0, 3 * paid))
        if self.tap is None:
            return now >= window
        seen = {e.routing_key for m in self.events for e in self.events[m]}
        return now >= window and {"order.updated", "payment.failed"} <= seen

    def _reached(self, method: str, status: str) -> float | None:
        return next((t for t, s in self.statuses[method] if s == status), None)

    def _elapsed(self) -> float:
        return time.monotonic() - self.started
