"""An expired token is refused: 401 with a Bearer invalid_token challenge."""

from conformance.checks.auth import expect_invalid_token, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import secured_operations


@check(
    "AUTH-003",
    family="auth",
    ref="RFC 7519 §4.1.4 (exp); RFC 6750 §3.1",
    subjects=secured_operations,
    observe=send_with_token("expired"),
)
def expired_token_refused(exchange):
    """An expired token is refused: 401 with a Bearer invalid_token challenge."""
    expect_invalid_token(exchange)


EXAMPLES = rejection_examples(401, "invalid_token")
