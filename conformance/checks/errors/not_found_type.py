"""An unknown id is answered with 404 and the problem type `not_found`."""

from conformance.checks.errors import observe_as, problem_type_name
from conformance.observations import exchange
from conformance.openapi import PROBLEMS
from conformance.registry import Example, Violation, check
from conformance.subjects import operations_by_id


@check(
    "ERR-002",
    family="errors",
    ref="docs/contracts.md#problems; openapi.yaml components/responses/NotFound",
    subjects=operations_by_id,
    observe=observe_as("unknown_id"),
)
def not_found_type(exchange):
    """An unknown id is answered with 404 and the problem type `not_found`."""
    if exchange.response.status != 404:
        raise Violation(f"unknown id: expected 404, got {exchange.response.status}")
    if problem_type_name(exchange) != "not_found":
        raise Violation(f"unknown id: problem type is not {PROBLEMS}not_found")


EXAMPLES = [
    Example("not_found", True, exchange(404, {"type": f"{PROBLEMS}not_found"})),
    Example("found", False, exchange(200, {"id": "1"})),
    Example("wrong type", False, exchange(404, {"type": f"{PROBLEMS}validation_error"})),
    Example("bad request", False, exchange(400, {"type": f"{PROBLEMS}validation_error"})),
]
