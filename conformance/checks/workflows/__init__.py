"""workflows: each step of the target's Arazzo flows meets its criteria (specs/flows/).

The flows are contracts in `specs/` (or the target's `flows`): what a call must cause, which
messages must follow it, correlated how, within what time, and what the state shows after. The
engine (`conformance/flows/`) runs each workflow once; every step is one subject.
"""

from __future__ import annotations

from typing import Any

from conformance.flows import runs
from conformance.flows.results import StepResult
from conformance.registry import Declared, SetupFailed, Subject

REQUIRES: tuple[str, ...] = ()  # a step that needs a token or a broker the target lacks says so
TOKEN_SCOPES = ("required",)


def steps(ctx: Any) -> list[Subject]:
    """One subject per step of every workflow: `<document>:<workflowId>.<stepId>`."""
    return [
        Subject(f"{w.document.name}:{step.label}", (w, step.id))
        for w in runs.workflows(ctx)
        for step in w.steps
    ]


def observe_step(ctx: Any, subject: Subject) -> StepResult:
    """The step as the run saw it; not judged or an error when the run could not judge it."""
    workflow, step_id = subject.value
    found = runs.result(ctx, workflow).step(step_id)
    if found.status == "skipped":
        raise Declared(found.message)
    if found.status == "error":
        raise SetupFailed(found.message, found.evidence())
    return found
