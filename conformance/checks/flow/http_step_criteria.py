"""Each HTTP step of a flow meets its success criteria (a step an earlier failure left unrun
fails too, naming that failure)."""

from conformance.checks.flow import observe_step, step_failed, steps_of
from conformance.observations import Judgement, StepResult
from conformance.registry import Example, check


@check(
    "FLOW-001",
    family="flow",
    ref="Arazzo 1.1 Step Object successCriteria; specs/flows/*.arazzo.yaml",
    subjects=steps_of("http"),
    observe=observe_step,
)
def http_step_criteria(step: StepResult) -> None:
    """The call was answered as the flow says (status, body, headers: its successCriteria)."""
    step_failed(step)


EXAMPLES = [
    Example(
        "criteria met",
        True,
        StepResult(
            "seed.placeOrder", "http", judgements=[Judgement(True, "$statusCode == 201", "")]
        ),
    ),
    Example(
        "a criterion failed",
        False,
        StepResult(
            "seed.placeOrder",
            "http",
            "failed",
            "`$statusCode == 201` failed (saw $statusCode = 200)",
            judgements=[Judgement(False, "$statusCode == 201", "$statusCode = 200")],
        ),
    ),
    Example(
        "not reached",
        False,
        StepResult("seed.showsPaid", "http", "failed", "not reached: step seed.paid failed"),
    ),
]
