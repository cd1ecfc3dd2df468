"""No generated request makes the service fail with a 5xx."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-001",
    family="api",
    ref="openapi.yaml info.description (Errors); Schemathesis not_a_server_error",
    subjects=operations,
    observe=observe_check("not_a_server_error"),
)
def no_server_error(verdict):
    """No generated request makes the service fail with a 5xx."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "not_a_server_error",
    "Server error",
    500,
    {"type": "https://accord.dev/problems/internal_error", "title": "x", "status": 500},
)
