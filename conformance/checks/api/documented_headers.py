"""Every response carries the headers documented as required, valid against their schemas."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-004",
    family="api",
    ref="openapi.yaml responses/*/headers (Location); Schemathesis response_headers_conformance",
    subjects=operations,
    observe=observe_check("response_headers_conformance"),
)
def documented_headers(verdict):
    """Every response carries the headers documented as required, valid against their schemas."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "response_headers_conformance",
    "Missing required headers",
    201,
    {"id": "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"},
)
