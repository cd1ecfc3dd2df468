"""A method not documented for a path is answered 405 with an Allow header."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-012",
    family="api",
    ref="RFC 9110 §15.5.6 (405 Method Not Allowed, Allow); Schemathesis unsupported_method",
    subjects=operations,
    observe=observe_check("unsupported_method"),
)
def undocumented_method_refused(verdict):
    """A method not documented for a path is answered 405 with an Allow header."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples("unsupported_method", "Unsupported method incorrect response", 200)
