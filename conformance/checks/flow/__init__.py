"""flow: each step of the target's Arazzo flows does what the flow says (specs/flows/).

The flows are contracts in `specs/` (or the target's `flows`): what a call must answer, which
messages must follow it, correlated how and within what time, what must never arrive, and what
the state shows after. The engine (`conformance/flows/`) runs each workflow once; each step is
one subject of the check for its kind (HTTP, receive, absent), each workflow with declared
outputs one subject of FLOW-004. See docs/flows.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from conformance.flows import runs
from conformance.flows.document import Step, Workflow
from conformance.observations import StepResult, WorkflowResult
from conformance.registry import Declared, SetupFailed, Subject, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

REQUIRES = ("tokens",)


def steps_of(kind: str) -> Callable[[Any], list[Subject]]:
    """Subjects for the steps of one kind: http, receive (a correlated message expected) or
    absent (`x-accord-absent`)."""
    return lambda ctx: runs.step_subjects(ctx, lambda step: _kind(step) == kind)


def _kind(step: Step) -> str:
    if step.action == "receive":
        return "absent" if step.absent else "receive"
    return "http" if step.action is None and "workflowId" not in step.raw else "other"


observe_step = runs.observe_step


def workflows_with_outputs(ctx: RunContext) -> list[Subject]:
    return [
        Subject(f"{w.document.name}:{w.id}", w) for w in runs.workflows(ctx) if w.raw.get("outputs")
    ]


def observe_workflow(ctx: RunContext, subject: Subject) -> tuple[Workflow, WorkflowResult]:
    """The workflow's run; not judged (or an error) when the step that stopped it was not judged
    (or errored): the missing outputs are that step's, already reported."""
    workflow: Workflow = subject.value
    result = runs.result(ctx, workflow)
    stopper = next((s for s in result.steps if s.status != "passed"), None)
    if stopper is not None and stopper.status == "skipped":
        raise Declared(f"{stopper.step} not judged: {stopper.message}")
    if stopper is not None and stopper.status == "error":
        raise SetupFailed(f"{stopper.step} errored: {stopper.message}", stopper.evidence())
    return workflow, result


def step_failed(step: StepResult) -> None:
    """The judgement shared by the step checks: the step ran and met what the flow says."""
    if step.status != "passed":
        raise Violation(step.message or f"{step.step} {step.status}", step.evidence())
