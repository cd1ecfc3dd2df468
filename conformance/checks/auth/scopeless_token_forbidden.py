"""A valid token carrying no scope is forbidden: 403 insufficient_scope."""

from conformance.checks.auth import expect_insufficient_scope, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import scoped_operations


@check(
    "AUTH-008",
    family="auth",
    ref="RFC 6750 §3.1 (insufficient_scope); openapi.yaml security scopes",
    subjects=scoped_operations,
    observe=send_with_token("valid", scopes="none"),
)
def scopeless_token_forbidden(exchange):
    """A valid token carrying no scope is forbidden: 403 insufficient_scope."""
    expect_insufficient_scope(exchange)


EXAMPLES = rejection_examples(403, "insufficient_scope")
