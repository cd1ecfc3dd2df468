"""Requests that violate the spec's schemas are rejected with a 4xx."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-006",
    family="api",
    ref="openapi.yaml requestBody and parameters schemas; Schemathesis negative_data_rejection",
    subjects=operations,
    observe=observe_check("negative_data_rejection"),
)
def invalid_input_rejected(verdict):
    """Requests that violate the spec's schemas are rejected with a 4xx."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "negative_data_rejection",
    "API accepted schema-violating request",
    201,
    {"id": "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"},
)
