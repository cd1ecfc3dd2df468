"""Pact provider states set up through the candidate's public API (the states our pacts name,
see docs/pacts.md). Each returns the provider-state values the Verifier injects (`${id}`), the
trace id of the call after which an event is expected, and the ids it made (to find that event).

| service | state | through the API |
|---|---|---|
| payments | payments can be taken for an order | nothing to prepare |
| payments | no payment exists | nothing to prepare (the id is never issued) |
| payments | a payment exists | POST /payments {orderId, method}; → its id |
| payments | a payment was taken for an order | POST /payments {orderId, method}; its event |
| orders | no order exists | nothing to prepare |
| orders | an order exists | POST /orders (test_declined), PATCH to `status` |
| orders | an order is placed | POST /orders {customerId, items} |
| orders | an order is shipped | POST /orders, PATCH paid, PATCH shipped |

Orders are placed with `test_declined` where the state moves them by PATCH, so no payment
outcome races the PATCHes. A setup call the candidate answers wrongly (a 200 for a 201, no id, a
PATCH refused) is the candidate's failure: a `Violation` carrying that exchange. A call it does
not answer at all is `SetupFailed` (raised by the HTTP probe, with the request).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance import openapi
from conformance.observations import HttpExchange
from conformance.probes.caller import Caller, created_id
from conformance.registry import SetupFailed, Violation

STATUSES = ("pending", "paid", "shipped", "delivered")


@dataclass(frozen=True)
class StateSetup:
    values: dict[str, Any]  # provider-state values for the Verifier's generators
    steps: tuple[str, ...]  # what was done, for the evidence
    trace_id: str | None = None  # the trace id of the last triggering call
    resources: tuple[str, ...] = ()  # ids created (to recognise the event about them)

    def merge(self, other: StateSetup) -> StateSetup:
        return StateSetup(
            {**self.values, **other.values},
            self.steps + other.steps,
            other.trace_id or self.trace_id,
            self.resources + other.resources,
        )


def _nothing(ctx: Any, params: dict[str, Any]) -> StateSetup:
    return StateSetup({}, ("nothing to prepare",))


def _payment(ctx: Any, params: dict[str, Any]) -> StateSetup:
    order_id = str(params.get("orderId") or uuid.uuid4())
    body = {"orderId": order_id, "method": params.get("method", "card")}
    exchange, trace_id = Caller(ctx).send("payments", "createPayment", body=body)
    payment_id = _created(exchange, "POST /payments")
    step = f"POST /payments {body['method']} -> {exchange.response.status} {payment_id}"
    return StateSetup({"id": payment_id}, (step,), trace_id, (payment_id, order_id))


def _order(ctx: Any, params: dict[str, Any], method: str = "test_declined") -> StateSetup:
    caller = Caller(ctx)
    op = caller.operation("orders", "createOrder")
    body = {**openapi.valid_body(op), "paymentMethod": method}
    body.update({k: params[k] for k in ("customerId", "items") if k in params})
    exchange, trace_id = caller.send("orders", "createOrder", body=body)
    order_id = _created(exchange, "POST /orders")
    step = f"POST /orders {method} -> {exchange.response.status} {order_id}"
    return StateSetup({"id": order_id}, (step,), trace_id, (order_id,))


def _order_in(ctx: Any, params: dict[str, Any]) -> StateSetup:
    """An order moved by PATCH, one step at a time, to `params.status` (default pending)."""
    setup = _order(ctx, params)
    order_id = setup.values["id"]
    wanted = params.get("status", "pending")
    if wanted not in STATUSES:
        # The pact asks for what no order can be: nothing the candidate did wrong.
        raise SetupFailed(f"an order cannot be put in status {wanted!r}: not one of {STATUSES}")
    for status in STATUSES[1 : STATUSES.index(wanted) + 1]:
        exchange, trace_id = Caller(ctx).send(
            "orders", "updateOrderStatus", body={"status": status}, resource=order_id
        )
        if exchange.response.status != 200:
            raise _refused(exchange, f"PATCH /orders/{order_id} to {status}", "200")
        step = f"PATCH /orders/{order_id} {status} -> 200"
        setup = setup.merge(StateSetup({}, (step,), trace_id))
    return setup


def _shipped(ctx: Any, params: dict[str, Any]) -> StateSetup:
    return _order_in(ctx, {**params, "status": "shipped"})


KNOWN_STATES: dict[tuple[str, str], Callable[[Any, dict[str, Any]], StateSetup]] = {
    ("payments", "payments can be taken for an order"): _nothing,
    ("payments", "no payment exists"): _nothing,
    ("payments", "a payment exists"): _payment,
    ("payments", "a payment was taken for an order"): _payment,
    ("orders", "no order exists"): _nothing,
    ("orders", "an order exists"): _order_in,
    ("orders", "an order is placed"): _order,
    ("orders", "an order is shipped"): _shipped,
}


def setup_state(ctx: Any, service: str, state: str, params: dict[str, Any]) -> StateSetup:
    """Set up one known state through the API (KeyError for a state not in KNOWN_STATES)."""
    return KNOWN_STATES[(service, state)](ctx, params)


def _created(exchange: HttpExchange, label: str) -> str:
    try:
        return created_id(exchange)
    except Violation as exc:  # the same failure, named by the call as the pact reader knows it
        raise _refused(exchange, label, "201 with an id") from exc


def _refused(exchange: HttpExchange, label: str, wanted: str) -> Violation:
    """The candidate answered a setup call wrongly: its failure, with the exchange as evidence."""
    status = exchange.response.status
    return Violation(f"setup call {label} answered {status}, not {wanted}", exchange.evidence())
