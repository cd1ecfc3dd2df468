"""Every response status is documented for its operation."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-002",
    family="api",
    ref="openapi.yaml paths/*/*/responses (status codes); Schemathesis status_code_conformance",
    subjects=operations,
    observe=observe_check("status_code_conformance"),
)
def documented_status(verdict):
    """Every response status is documented for its operation."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples("status_code_conformance", "Undocumented HTTP status code", 418)
