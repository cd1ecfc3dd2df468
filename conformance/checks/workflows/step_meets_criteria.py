"""Each step of a flow meets its criteria: an HTTP step's successCriteria, a receive step's
correlated message within its timeout, an absent step's silence."""

from conformance.checks.workflows import observe_step, steps
from conformance.flows.criteria import Judgement
from conformance.flows.results import StepResult
from conformance.registry import Example, Violation, check


@check(
    "WF-001",
    family="workflows",
    ref="Arazzo 1.1 Step Object (successCriteria, correlationId, timeout); specs/flows/",
    subjects=steps,
    observe=observe_step,
)
def step_meets_criteria(step: StepResult) -> None:
    """The step ran and met its criteria (a step an earlier failure left unrun fails too)."""
    if step.status != "passed":
        raise Violation(step.message or f"{step.step} {step.status}", step.evidence())


EXAMPLES = [
    Example(
        "criteria met",
        True,
        StepResult(
            "flow.placeOrder", "http", judgements=[Judgement(True, "$statusCode == 201", "")]
        ),
    ),
    Example(
        "a criterion failed",
        False,
        StepResult(
            "flow.placeOrder",
            "http",
            "failed",
            "`$statusCode == 201` failed (saw $statusCode = 200)",
            judgements=[Judgement(False, "$statusCode == 201", "$statusCode = 200")],
        ),
    ),
    Example(
        "no correlated message",
        False,
        StepResult("flow.orderPaid", "receive", "failed", "no order.updated message arrived"),
    ),
]
