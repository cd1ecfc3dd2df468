"""lifecycle: resources move only as the flows say (else 409), collections page honestly.

The transitions are steps of the target's flows marked `x-accord-transition` (legal, skip,
backward, repeat; see specs/flows/lifecycle.arazzo.yaml): their criteria say what the answer must
be, a later step what the resource must show. Collections are the paged GET operations of the
specs (`probes/collections.py`), judged after the flows have run, so they hold something.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from conformance.flows import runs
from conformance.observations import HttpExchange, StepResult
from conformance.openapi import PROBLEMS
from conformance.registry import Subject, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

REQUIRES = ("tokens",)
TRANSITION = "x-accord-transition"


def transitions(kind: str) -> Callable[[Any], list[Subject]]:
    """The flows' steps marked `x-accord-transition: <kind>`."""
    return lambda ctx: runs.step_subjects(ctx, lambda step: step.raw.get(TRANSITION) == kind)


observe_transition = runs.observe_step


def transition_held(step: StepResult) -> None:
    """The transition was answered as the flow says (and the flow went on to check the state)."""
    if step.status != "passed":
        raise Violation(step.message or f"{step.step} {step.status}", step.evidence())


def flows_ran(ctx: RunContext) -> None:
    """Run every workflow (once per run) before judging collections: they then hold something."""
    for workflow in runs.workflows(ctx):
        runs.result(ctx, workflow)


def expect_problem(exchange: HttpExchange, name: str) -> None:
    body = exchange.response.json()
    kind = body.get("type") if isinstance(body, dict) else None
    if exchange.response.media_type != "application/problem+json" or kind != PROBLEMS + name:
        raise Violation(
            f"{exchange.purpose}: {exchange.response.status} is not a {PROBLEMS}{name} problem"
            f" (media type {exchange.response.media_type or 'none'}, type {kind!r})"
        )
