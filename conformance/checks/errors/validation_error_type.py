"""An invalid payload is refused with 400 and the problem type `validation_error`."""

from conformance.checks.errors import observe_as, problem_type_name
from conformance.observations import exchange
from conformance.openapi import PROBLEMS
from conformance.registry import Example, Violation, check
from conformance.subjects import operations_with_body


@check(
    "ERR-001",
    family="errors",
    ref="docs/contracts.md#problems; openapi.yaml components/responses/BadRequest",
    subjects=operations_with_body,
    observe=observe_as("invalid_payload"),
)
def validation_error_type(exchange):
    """An invalid payload is refused with 400 and the problem type `validation_error`."""
    if exchange.response.status != 400:
        raise Violation(f"invalid payload: expected 400, got {exchange.response.status}")
    if problem_type_name(exchange) != "validation_error":
        raise Violation(f"invalid payload: problem type is not {PROBLEMS}validation_error")


EXAMPLES = [
    Example("validation_error", True, exchange(400, {"type": f"{PROBLEMS}validation_error"})),
    Example("accepted", False, exchange(201, {"id": "1"})),
    Example("about:blank", False, exchange(400, {"type": "about:blank"})),
    Example("server error", False, exchange(500, {"type": f"{PROBLEMS}internal_error"})),
    Example("not json", False, exchange(400, b"Bad Request")),
]
