"""An unknown order id is 404 `not_found`, on GET and on PATCH."""

import uuid

from conformance.checks.lifecycle import PROBLEMS, expect_problem
from conformance.observations import exchange
from conformance.probes.lifecycle import Driver, operations, state_machine
from conformance.registry import Example, Subject, Violation, check


def by_id(ctx):
    operations(ctx)  # Declared when the target has no orders service
    return [Subject(f"orders.{name}", name) for name in ("getOrder", "updateOrderStatus")]


def unknown(ctx, subject):
    driver = Driver(ctx)
    body = {"status": state_machine(ctx).targets[0]} if subject.value != "getOrder" else None
    path = f"/orders/{uuid.uuid4()}"
    return driver.call(subject.value, path=path, body=body, purpose="unknown order id")


@check(
    "LIFE-008",
    family="lifecycle",
    ref="orders/openapi.yaml paths/~1orders~1{id} get and patch, responses/NotFound",
    subjects=by_id,
    observe=unknown,
)
def unknown_id_not_found(exchange):
    """An unknown order id is 404 `not_found`, on GET and on PATCH."""
    if exchange.response.status != 404:
        raise Violation(f"unknown order id: expected 404, got {exchange.response.status}")
    expect_problem(exchange, "not_found")


PROBLEM = {"Content-Type": "application/problem+json"}
EXAMPLES = [
    Example("not found", True, exchange(404, {"type": PROBLEMS + "not_found"}, PROBLEM)),
    Example("found", False, exchange(200, {"id": "x", "status": "paid"})),
    Example("conflict", False, exchange(409, {"type": PROBLEMS + "invalid_transition"}, PROBLEM)),
    Example("plain 404", False, exchange(404, b"Not Found", {"Content-Type": "text/plain"})),
]
