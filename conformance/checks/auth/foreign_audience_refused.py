"""A token for another audience is refused: 401 invalid_token."""

from conformance.checks.auth import expect_invalid_token, rejection_examples
from conformance.probes.http import send_with_token
from conformance.registry import check
from conformance.subjects import secured_operations


@check(
    "AUTH-007",
    family="auth",
    ref="RFC 7519 §4.1.3 (aud); RFC 6750 §3.1",
    subjects=secured_operations,
    observe=send_with_token("wrong_audience"),
)
def foreign_audience_refused(exchange):
    """A token for another audience is refused: 401 invalid_token."""
    expect_invalid_token(exchange)


EXAMPLES = rejection_examples(401, "invalid_token")
