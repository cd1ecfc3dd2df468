"""A valid token with the operation's scope is admitted: neither 401 nor 403."""

from conformance.observations import exchange
from conformance.probes.http import send_with_token
from conformance.registry import Example, Violation, check
from conformance.subjects import secured_operations


@check(
    "AUTH-011",
    family="auth",
    ref="openapi.yaml security (the operation's scope grants access)",
    subjects=secured_operations,
    observe=send_with_token("valid", scopes="required"),
)
def required_scope_admitted(exchange):
    """A valid token with the operation's scope is admitted: neither 401 nor 403."""
    if exchange.response.status in (401, 403):
        raise Violation(f"{exchange.purpose}: refused with {exchange.response.status}")


EXAMPLES = [
    Example("created", True, exchange(201, {"id": "1"})),
    Example("unknown id is fine", True, exchange(404, {"status": 404})),
    Example("unauthorized", False, exchange(401)),
    Example("forbidden", False, exchange(403)),
]
