"""A transition sent several times at once has one winner; the other copies are refused as the
flow says (a step marked `x-accord-race`; see docs/flows.md)."""

from conformance.flows import runs
from conformance.flows.race_step import FIELD
from conformance.observations import StepResult
from conformance.registry import Example, Violation, check


def racing_steps(ctx):
    return runs.step_subjects(ctx, lambda step: FIELD in step.raw)


@check(
    "ROB-005",
    family="robustness",
    ref="docs/flows.md x-accord-race; specs/flows/lifecycle.arazzo.yaml",
    subjects=racing_steps,
    observe=runs.observe_step,
)
def one_winner(step: StepResult) -> None:
    """Exactly one copy met the step's criteria and every other met `others`."""
    if step.status != "passed":
        raise Violation(step.message or f"{step.step} {step.status}", step.evidence())


EXAMPLES = [
    Example("one winner", True, StepResult("lifecycle.shipAtOnce", "http")),
    Example(
        "two winners",
        False,
        StepResult(
            "lifecycle.shipAtOnce",
            "http",
            "failed",
            "8 copies at once: 2 met the criteria (exactly one should), 0 of the others broke "
            "`others`; statuses [200, 200, 409, 409, 409, 409, 409, 409]",
        ),
    ),
]
