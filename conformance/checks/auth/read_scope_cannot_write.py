"""A token with only read scopes cannot write: 403 insufficient_scope."""

from conformance.checks.auth import expect_insufficient_scope, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import secured_writes


@check(
    "AUTH-009",
    family="auth",
    ref="openapi.yaml security scopes (<service>.write); RFC 6750 §3.1",
    subjects=secured_writes,
    observe=send_with_token("valid", scopes="read"),
)
def read_scope_cannot_write(exchange):
    """A token with only read scopes cannot write: 403 insufficient_scope."""
    expect_insufficient_scope(exchange)


EXAMPLES = rejection_examples(403, "insufficient_scope")
