"""A token not yet valid (nbf in the future) is refused: 401 invalid_token."""

from conformance.checks.auth import expect_invalid_token, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import secured_operations


@check(
    "AUTH-004",
    family="auth",
    ref="RFC 7519 §4.1.5 (nbf); RFC 6750 §3.1",
    subjects=secured_operations,
    observe=send_with_token("not_yet_valid"),
)
def early_token_refused(exchange):
    """A token not yet valid (nbf in the future) is refused: 401 invalid_token."""
    expect_invalid_token(exchange)


EXAMPLES = rejection_examples(401, "invalid_token")
