"""A created resource is available through the operations its links name."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-009",
    family="api",
    ref="openapi.yaml paths/*/*/responses/201/links; Schemathesis ensure_resource_availability",
    subjects=operations,
    observe=observe_check("ensure_resource_availability"),
)
def created_resource_available(verdict):
    """A created resource is available through the operations its links name."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "ensure_resource_availability",
    "Resource is not available after creation",
    404,
    {"type": "https://accord.dev/problems/not_found", "title": "x", "status": 404},
)
