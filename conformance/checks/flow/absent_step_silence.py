"""Nothing arrives where a flow says nothing may: no correlated message meeting the criteria of
an `x-accord-absent` receive step within its timeout (e.g. never `payment.successful` for a
declined payment)."""

from conformance.checks.flow import observe_step, step_failed, steps_of
from conformance.observations import RawEvent, StepResult
from conformance.registry import Example, check


@check(
    "FLOW-003",
    family="flow",
    ref="docs/flows.md x-accord-absent; specs/flows/*.arazzo.yaml",
    subjects=steps_of("absent"),
    observe=observe_step,
)
def absent_step_silence(step: StepResult) -> None:
    """No correlated message arrived within the step's timeout."""
    step_failed(step)


SEEN = RawEvent("payment.successful", b'{"data": {"orderId": "o-1"}}')
EXAMPLES = [
    Example("silence", True, StepResult("seed.noPaymentSuccessful", "receive")),
    Example(
        "it arrived",
        False,
        StepResult(
            "seed.noPaymentSuccessful",
            "receive",
            "failed",
            "a correlated payment.successful message arrived, the flow says none may",
            event=SEEN,
        ),
    ),
]
