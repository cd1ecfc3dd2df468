"""Every error response is sent as `application/problem+json` (RFC 9457 §3)."""

from conformance.checks.errors import observe_provoked, provoked_errors
from conformance.observations import exchange
from conformance.registry import Example, Violation, check


@check(
    "ERR-003",
    family="errors",
    ref="RFC 9457 §3; docs/contracts.md#problems",
    subjects=provoked_errors,
    observe=observe_provoked,
)
def problem_media_type(exchange):
    """Every error response is sent as `application/problem+json`."""
    if exchange.response.status < 400:
        raise Violation(f"{exchange.purpose}: expected an error, got {exchange.response.status}")
    if exchange.response.media_type != "application/problem+json":
        raise Violation(f"{exchange.purpose}: Content-Type is {exchange.response.media_type!r}")


PROBLEM = {"Content-Type": "application/problem+json"}
EXAMPLES = [
    Example("problem+json", True, exchange(404, {"status": 404}, PROBLEM)),
    Example(
        "with charset",
        True,
        exchange(400, {}, {"content-type": "application/problem+json; charset=utf-8"}),
    ),
    Example("plain json", False, exchange(404, {}, {"Content-Type": "application/json"})),
    Example("html", False, exchange(500, b"<h1>oops</h1>", {"Content-Type": "text/html"})),
    Example("not an error", False, exchange(200, {}, PROBLEM)),
]
