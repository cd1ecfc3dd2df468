"""Every response body is valid against the schema documented for its status."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-005",
    family="api",
    ref="openapi.yaml responses/*/content/*/schema; Schemathesis response_schema_conformance",
    subjects=operations,
    observe=observe_check("response_schema_conformance"),
)
def response_schema(verdict):
    """Every response body is valid against the schema documented for its status."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "response_schema_conformance", "Response violates schema", 200, {"id": 1}
)
