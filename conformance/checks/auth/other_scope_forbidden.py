"""A token with the service's other scopes but not the operation's is forbidden: 403."""

from conformance.checks.auth import expect_insufficient_scope, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import scoped_operations


@check(
    "AUTH-010",
    family="auth",
    ref="openapi.yaml security scopes; RFC 6750 §3.1",
    subjects=scoped_operations,
    observe=send_with_token("valid", scopes="other"),
)
def other_scope_forbidden(exchange):
    """A token with the service's other scopes but not the operation's is forbidden: 403."""
    expect_insufficient_scope(exchange)


EXAMPLES = rejection_examples(403, "insufficient_scope")
