"""lifecycle: orders move one step forward (else 409), the list pages honestly, unknown ids 404.

Everything is set up through the public API (`probes/lifecycle.py`): each transition is judged on
a fresh order created with `paymentMethod: test_declined` (no payment moves it) and brought to the
source status with legal PATCHes; the list is judged after creating a few orders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.context import RunContext
from conformance.observations import HttpExchange, exchange
from conformance.probes.lifecycle import Driver, state_machine
from conformance.registry import Example, Subject, Violation

REQUIRES = ("tokens",)
PROBLEMS = "https://accord.dev/problems/"
ORDER_ID = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"


@dataclass(frozen=True)
class Transition:
    """A PATCH asking an order in `source` for `target`, and the GET that followed it."""

    source: str
    target: str
    patch: HttpExchange
    after: HttpExchange

    def evidence(self) -> dict[str, Any]:
        body = self.after.response.body.decode("utf-8", errors="replace")
        after = {"url": self.after.request.url, "status": self.after.response.status, "body": body}
        return {
            **self.patch.evidence(),
            "transition": f"{self.source} -> {self.target}",
            "then_get": after,
        }

    @property
    def label(self) -> str:
        return f"{self.source} -> {self.target}"


def transition_subjects(kind: str) -> Callable[[RunContext], list[Subject]]:
    """Subjects for the transitions of one kind (legal, skip, backward, repeat) of the spec."""

    def subjects(ctx: RunContext) -> list[Subject]:
        machine = state_machine(ctx)
        return [Subject(f"orders:{s}->{t}", (s, t)) for s, t in machine.transitions(kind)]

    return subjects


def observe_transition(ctx: RunContext, subject: Subject) -> Transition:
    source, target = subject.value
    driver = Driver(ctx)
    order_id = driver.order_in(state_machine(ctx), source)
    patch = driver.patch(order_id, target, f"{source} -> {target}")
    return Transition(source, target, patch, driver.get(order_id, "read it back"))


def seeded_orders(ctx: RunContext) -> list[str]:
    """A few orders, created once per run, so that the list has something to page through."""
    return ctx.memo(("lifecycle", "orders"), lambda: [Driver(ctx).create() for _ in range(3)])


def status_of(exchange: HttpExchange) -> Any:
    body = exchange.response.json()
    return body.get("status") if isinstance(body, dict) else None


def expect_refused(transition: Transition) -> None:
    """409 `invalid_transition` problem, and the order is unchanged."""
    patch = transition.patch
    if patch.response.status != 409:
        raise Violation(f"{transition.label}: expected 409, got {patch.response.status}")
    expect_problem(patch, "invalid_transition")
    if status_of(transition.after) != transition.source:
        found = status_of(transition.after)
        raise Violation(f"{transition.label} refused, but the order's status is now {found!r}")


def expect_problem(exchange: HttpExchange, name: str) -> None:
    body = exchange.response.json()
    kind = body.get("type") if isinstance(body, dict) else None
    if exchange.response.media_type != "application/problem+json" or kind != PROBLEMS + name:
        raise Violation(
            f"{exchange.purpose}: {exchange.response.status} is not a {PROBLEMS}{name} problem"
            f" (media type {exchange.response.media_type or 'none'}, type {kind!r})"
        )


def made_transition(source: str, target: str, status: int, after: str, body: Any = None):
    """A hand-made Transition for examples: the PATCH answered `status`, GET then shows `after`."""
    if body is None:
        body = {"id": ORDER_ID, "status": target} if status == 200 else _problem(status)
    headers = {} if status == 200 else {"Content-Type": "application/problem+json"}
    patch = exchange(status, body, headers, method="PATCH", purpose=f"{source} -> {target}")
    got = exchange(200, {"id": ORDER_ID, "status": after}, purpose="read it back")
    return Transition(source, target, patch, got)


def _problem(status: int) -> dict[str, Any]:
    name = {409: "invalid_transition", 400: "validation_error", 404: "not_found"}[status]
    return {"type": PROBLEMS + name, "title": name, "status": status}


def refusal_examples(source: str, target: str, changed: str = "") -> list[Example]:
    """Examples shared by the checks expecting an illegal transition to be refused."""
    wrong_type = {"type": PROBLEMS + "validation_error", "title": "x", "status": 409}
    return [
        Example("refused, unchanged", True, made_transition(source, target, 409, source)),
        Example("allowed", False, made_transition(source, target, 200, target)),
        Example("400 instead", False, made_transition(source, target, 400, source)),
        Example("wrong type", False, made_transition(source, target, 409, source, wrong_type)),
        Example(
            "refused but changed", False, made_transition(source, target, 409, changed or target)
        ),
    ]
