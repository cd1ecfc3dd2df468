"""The run's flows: which Arazzo documents judge the target, and each workflow's run, once.

The documents are the ones `accord flow run` names, else the target's `flows`, else the bundled
`specs/flows/`. A workflow runs at most once per run, whichever check asks first; its result
(or the exception that stopped it) is shared by every check judging one of its steps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from conformance.flows.document import FlowDocument, Step, Workflow, load_all
from conformance.flows.engine import run_workflow
from conformance.observations import StepResult, WorkflowResult
from conformance.registry import Declared, SetupFailed, Subject

if TYPE_CHECKING:
    from conformance.context import RunContext


def documents(ctx: RunContext) -> list[FlowDocument]:
    """The flow documents of this run (read once)."""

    def read() -> list[FlowDocument]:
        chosen = [Path(p) for p in ctx.options.flows] or list(ctx.target.flows)
        return load_all(chosen)

    found: list[FlowDocument] = ctx.memo("flows.documents", read)
    return found


def workflows(ctx: RunContext) -> list[Workflow]:
    """Every workflow to run, kept to `--workflow` when given. Provider-state recipes
    (`x-accord-provider-states`) are run by the pacts family, once per interaction."""
    wanted = set(ctx.options.workflows)
    return [
        workflow
        for document in documents(ctx)
        for workflow in document.workflows.values()
        if (not wanted or workflow.id in wanted) and "x-accord-provider-states" not in workflow.raw
    ]


def judged_step(ctx: RunContext, workflow: Workflow, step_id: str) -> StepResult:
    """A step as its workflow's run saw it, for a check to judge: Declared when the run did not
    judge it by declaration, SetupFailed (with its evidence) when it errored."""
    found = result(ctx, workflow).step(step_id)
    if found.status == "skipped":
        raise Declared(found.message)
    if found.status == "error":
        raise SetupFailed(found.message, found.evidence())
    return found


def step_subjects(ctx: RunContext, wanted: Callable[[Step], bool]) -> list[Subject]:
    """Subjects `<document>:<workflowId>.<stepId>` for the run's steps `wanted` keeps."""
    return [
        Subject(f"{w.document.name}:{step.label}", (w, step.id))
        for w in workflows(ctx)
        for step in w.steps
        if wanted(step)
    ]


def observe_step(ctx: RunContext, subject: Subject) -> StepResult:
    """An `observe` for step subjects."""
    workflow, step_id = subject.value
    return judged_step(ctx, workflow, step_id)


def result(ctx: RunContext, workflow: Workflow) -> WorkflowResult:
    """The workflow's run against the target (once per run)."""
    key = ("flows.run", str(workflow.document.path), workflow.id)
    inputs = dict(ctx.options.inputs)
    found: WorkflowResult = ctx.memo(key, lambda: run_workflow(ctx, workflow, inputs))
    return found
