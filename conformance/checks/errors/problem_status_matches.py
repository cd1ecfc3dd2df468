"""The problem's `status` member equals the HTTP status code (RFC 9457 §3.1.2)."""

from conformance.checks.errors import observe_provoked, provoked_errors
from conformance.observations import exchange
from conformance.registry import Example, Violation, check


@check(
    "ERR-005",
    family="errors",
    ref="RFC 9457 §3.1.2; openapi.yaml components/schemas/Error",
    subjects=provoked_errors,
    observe=observe_provoked,
)
def problem_status_matches(exchange):
    """The problem's `status` member equals the HTTP status code."""
    body = exchange.response.json()
    status = body.get("status") if isinstance(body, dict) else None
    if status != exchange.response.status:
        raise Violation(
            f"{exchange.purpose}: HTTP {exchange.response.status}, body status {status!r}"
        )


EXAMPLES = [
    Example("equal", True, exchange(404, {"status": 404})),
    Example("different", False, exchange(404, {"status": 400})),
    Example("missing", False, exchange(401, {"title": "Unauthorized"})),
    Example("as text", False, exchange(400, {"status": "400"})),
]
