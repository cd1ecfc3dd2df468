"""Requests valid against the spec's schemas are not rejected as invalid."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-007",
    family="api",
    ref="openapi.yaml requestBody and parameters schemas; Schemathesis positive_data_acceptance",
    subjects=operations,
    observe=observe_check("positive_data_acceptance"),
)
def valid_input_accepted(verdict):
    """Requests valid against the spec's schemas are not rejected as invalid."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "positive_data_acceptance",
    "API rejected schema-compliant request",
    400,
    {"type": "https://accord.dev/problems/validation_error", "title": "x", "status": 400},
)
