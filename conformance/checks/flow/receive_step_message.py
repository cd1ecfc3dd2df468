"""Each receive step of a flow gets its message: on its channel, correlated with the call as the
AsyncAPI message's correlationId says, meeting its criteria, within its timeout."""

from conformance.checks.flow import observe_step, step_failed, steps_of
from conformance.observations import RawEvent, StepResult
from conformance.registry import Example, check


@check(
    "FLOW-002",
    family="flow",
    ref="Arazzo 1.1 Step Object (action receive, correlationId, timeout, successCriteria); "
    "AsyncAPI message correlationId",
    subjects=steps_of("receive"),
    observe=observe_step,
)
def receive_step_message(step: StepResult) -> None:
    """A correlated message meeting the criteria arrived within the step's timeout."""
    step_failed(step)


TAKEN = RawEvent("order.updated", b'{"subject": "o-1", "data": {"status": "paid"}}')
EXAMPLES = [
    Example("message taken", True, StepResult("seed.orderPaid", "receive", event=TAKEN)),
    Example(
        "no correlated message",
        False,
        StepResult(
            "seed.orderPaid",
            "receive",
            "failed",
            "no order.updated message correlated with 'o-1' arrived within 10 s",
        ),
    ),
    Example(
        "a criterion failed",
        False,
        StepResult(
            "seed.orderPaid",
            "receive",
            "failed",
            "no order.updated message correlated with 'o-1' met "
            "`$message.payload#/data/status == 'paid'` within 10 s (saw ... = 'shipped')",
        ),
    ),
]
