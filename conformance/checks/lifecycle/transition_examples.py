"""Examples shared by the transition checks (a module of examples only: it registers no check)."""

from conformance.observations import Judgement, StepResult
from conformance.registry import Example


def transition_examples(step: str, expected: str) -> list[Example]:
    """A transition step that held, and one answered otherwise than the flow says."""
    held = StepResult(step, "http", judgements=[Judgement(True, expected, "")])
    broken = StepResult(
        step,
        "http",
        "failed",
        f"`{expected}` failed (saw $statusCode = 200)",
        judgements=[Judgement(False, expected, "$statusCode = 200")],
    )
    return [Example("as the flow says", True, held), Example("otherwise", False, broken)]
