"""Drives orders through their state machine with the public API only, as the spec describes it.

The statuses and their order come from the spec (`Order.status` enum of `getOrder`, the `status`
enum of the `updateOrderStatus` body); orders are created with `paymentMethod: test_declined`, so
no payment moves them on their own, and moved one step at a time with PATCH.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance import openapi
from conformance.observations import HttpExchange, Operation
from conformance.registry import Declared, Violation

SERVICE = "orders"
OPERATIONS = ("createOrder", "getOrder", "updateOrderStatus", "listOrders")
DECLINED = "test_declined"  # openapi.yaml: always declined, the order stays pending


@dataclass(frozen=True)
class StateMachine:
    """The statuses in order, and those a PATCH may ask for."""

    statuses: tuple[str, ...]
    targets: tuple[str, ...]

    def kind(self, source: str, target: str) -> str:
        """legal (the single next step), skip, backward or repeat."""
        step = self.statuses.index(target) - self.statuses.index(source)
        return {1: "legal", 0: "repeat"}.get(step, "skip" if step > 1 else "backward")

    def transitions(self, kind: str) -> list[tuple[str, str]]:
        return [(s, t) for s in self.statuses for t in self.targets if self.kind(s, t) == kind]


def operations(ctx: Any) -> dict[str, Operation]:
    """The orders operations the family needs, by operationId; Declared when missing."""
    if SERVICE not in ctx.target.services:
        raise Declared(f"the target has no {SERVICE} service")
    found = {op.operation_id: op for op in ctx.operations(SERVICE)}
    missing = [name for name in OPERATIONS if name not in found]
    if missing:
        raise Declared(f"the {SERVICE} spec declares no operation {', '.join(missing)}")
    return found


def _operation_spec(ctx: Any, operation_id: str) -> dict[str, Any]:
    document = openapi.load(ctx.target.services[SERVICE].specs)
    for item in document["paths"].values():
        for method in openapi.METHODS:
            if item.get(method, {}).get("operationId") == operation_id:
                return item[method]
    raise Declared(f"the {SERVICE} spec declares no operation {operation_id}")


def state_machine(ctx: Any) -> StateMachine:
    operations(ctx)
    got = _operation_spec(ctx, "getOrder")["responses"]["200"]["content"]["application/json"]
    patch = _operation_spec(ctx, "updateOrderStatus")["requestBody"]["content"]["application/json"]
    try:
        statuses = got["schema"]["properties"]["status"]["enum"]
        targets = patch["schema"]["properties"]["status"]["enum"]
    except KeyError as exc:
        raise Declared(f"the {SERVICE} spec does not enumerate order statuses") from exc
    return StateMachine(tuple(statuses), tuple(t for t in targets if t in statuses))


def query_bounds(ctx: Any) -> dict[str, dict[str, Any]]:
    """The integer query parameters of `listOrders` with their schema (limit, offset)."""
    operations(ctx)
    params = _operation_spec(ctx, "listOrders").get("parameters", [])
    return {p["name"]: p.get("schema", {}) for p in params if p.get("in") == "query"}


class Driver:
    """Creates orders and moves them along the state machine, recording every exchange."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.ops = operations(ctx)
        self.base_url = ctx.target.services[SERVICE].base_url

    def call(self, name: str, *, path: str | None = None, body: Any = None, purpose: str = ""):
        operation = self.ops[name]
        token = self.ctx.tokens.token(SERVICE, operation.scopes) if operation.secured else None
        kwargs = {} if body is None else {"body": body}
        return self.ctx.http.send(
            self.base_url, operation, token=token, path=path, purpose=purpose, **kwargs
        )

    def create(self) -> str:
        body = {**openapi.valid_body(self.ops["createOrder"]), "paymentMethod": DECLINED}
        created = self.call("createOrder", body=body, purpose="create an order (setup)")
        order = created.response.json()
        if created.response.status != 201 or not isinstance(order, dict) or "id" not in order:
            raise Violation(
                f"setup call POST /orders answered {created.response.status}, not 201 with an id",
                created.evidence(),
            )
        return str(order["id"])

    def patch(self, order_id: str, status: str, purpose: str) -> HttpExchange:
        path = f"/orders/{order_id}"
        return self.call("updateOrderStatus", path=path, body={"status": status}, purpose=purpose)

    def get(self, order_id: str, purpose: str) -> HttpExchange:
        return self.call("getOrder", path=f"/orders/{order_id}", purpose=purpose)

    def order_in(self, machine: StateMachine, status: str) -> str:
        """A new order brought to `status` by legal steps."""
        self.ctx.progress(f"lifecycle: bringing a new order to {status}")
        order_id = self.create()
        for step in machine.statuses[1 : machine.statuses.index(status) + 1]:
            moved = self.patch(order_id, step, f"move to {step} (setup)")
            if moved.response.status != 200:
                raise Violation(
                    f"setup call PATCH to {step} answered {moved.response.status}, not 200: "
                    f"cannot bring an order to {status}",
                    moved.evidence(),
                )
        return order_id
