"""Every response has a media type documented for its status."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-003",
    family="api",
    ref="openapi.yaml responses/*/content (media types); Schemathesis content_type_conformance",
    subjects=operations,
    observe=observe_check("content_type_conformance"),
)
def documented_media_type(verdict):
    """Every response has a media type documented for its status."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples("content_type_conformance", "Undocumented Content-Type", 200)
