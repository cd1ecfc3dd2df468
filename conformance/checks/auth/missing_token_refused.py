"""A request without a token is refused: 401 with a `WWW-Authenticate: Bearer` challenge."""

from conformance.checks.auth import expect_bearer_challenge, expect_status
from conformance.observations import exchange
from conformance.probes.http import send_with_token
from conformance.registry import Example, check
from conformance.subjects import secured_operations


@check(
    "AUTH-001",
    family="auth",
    ref="RFC 6750 §3 and §3.1 (no error code without credentials); openapi.yaml security",
    subjects=secured_operations,
    observe=send_with_token(None),
)
def missing_token_refused(exchange):
    """A request without a token is refused: 401 with a Bearer challenge."""
    expect_status(exchange, 401)
    expect_bearer_challenge(exchange, error=None)


EXAMPLES = [
    Example(
        "bare challenge", True, exchange(401, headers={"WWW-Authenticate": 'Bearer realm="o"'})
    ),
    Example("accepted", False, exchange(200, {"id": "1"})),
    Example("forbidden instead", False, exchange(403, headers={"WWW-Authenticate": "Bearer"})),
    Example("no challenge", False, exchange(401)),
]
