"""A token whose signature does not verify is refused: 401 invalid_token."""

from conformance.checks.auth import expect_invalid_token, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import secured_operations


@check(
    "AUTH-005",
    family="auth",
    ref="RFC 7515 §5.2 (signature); RFC 6750 §3.1",
    subjects=secured_operations,
    observe=send_with_token("bad_signature"),
)
def forged_signature_refused(exchange):
    """A token whose signature does not verify is refused: 401 invalid_token."""
    expect_invalid_token(exchange)


EXAMPLES = rejection_examples(401, "invalid_token")
