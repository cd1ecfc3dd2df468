"""An operation declaring security refuses requests without valid credentials."""

from conformance.checks.api import expect_no_failure, observe_check, operations, verdict_examples
from conformance.registry import check


@check(
    "API-011",
    family="api",
    ref="openapi.yaml security (bearerAuth); Schemathesis ignored_auth",
    subjects=operations,
    observe=observe_check("ignored_auth"),
)
def auth_not_ignored(verdict):
    """An operation declaring security refuses requests without valid credentials."""
    expect_no_failure(verdict)


EXAMPLES = verdict_examples("ignored_auth", "API accepts requests without authentication", 200)
