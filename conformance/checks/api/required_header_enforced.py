"""A request missing a required header is rejected with a 4xx."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-010",
    family="api",
    ref="openapi.yaml parameters (in: header, required); Schemathesis missing_required_header",
    subjects=operations,
    observe=observe_check("missing_required_header"),
)
def required_header_enforced(verdict):
    """A request missing a required header is rejected with a 4xx."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples("missing_required_header", "Missing header not rejected", 200)
