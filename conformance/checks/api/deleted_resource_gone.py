"""A deleted resource is no longer served."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-008",
    family="api",
    ref="RFC 9110 §9.3.5 (DELETE); Schemathesis use_after_free",
    subjects=operations,
    observe=observe_check("use_after_free"),
)
def deleted_resource_gone(verdict):
    """A deleted resource is no longer served."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples(
    "use_after_free", "Use after free", 200, {"id": "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"}
)
