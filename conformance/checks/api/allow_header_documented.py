"""An Allow header lists exactly the methods documented for the path."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-013",
    family="api",
    ref="RFC 9110 §10.2.1 (Allow); openapi.yaml paths; Schemathesis allow_header_conformance",
    subjects=operations,
    observe=observe_check("allow_header_conformance"),
)
def allow_header_documented(verdict):
    """An Allow header lists exactly the methods documented for the path."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "allow_header_conformance", "Allow header does not match the documented methods", 200
)
