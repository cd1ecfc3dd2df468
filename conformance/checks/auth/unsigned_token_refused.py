"""An unsigned token (alg none) is refused: 401 invalid_token."""

from conformance.checks.auth import expect_invalid_token, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import secured_operations


@check(
    "AUTH-006",
    family="auth",
    ref="RFC 8725 §3.1 (alg none); RFC 6750 §3.1",
    subjects=secured_operations,
    observe=send_with_token("alg_none"),
)
def unsigned_token_refused(exchange):
    """An unsigned token (alg none) is refused: 401 invalid_token."""
    expect_invalid_token(exchange)


EXAMPLES = rejection_examples(401, "invalid_token")
