"""Every error body is valid against the problem schema the operation documents for its status."""

import jsonschema

from conformance.checks.errors import observe_provoked, provoked_errors
from conformance.observations import Operation, exchange
from conformance.registry import Example, Violation, check


@check(
    "ERR-004",
    family="errors",
    ref="openapi.yaml components/schemas/Error; RFC 9457 §3.1",
    subjects=provoked_errors,
    observe=observe_provoked,
)
def problem_schema(exchange):
    """Every error body is valid against the documented problem schema (status, else default)."""
    status = exchange.response.status
    schema = exchange.operation.problem_schema(status) if exchange.operation else None
    if schema is None:
        raise Violation(f"{exchange.purpose}: status {status} has no documented problem schema")
    body = exchange.response.json()
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        raise Violation(f"{exchange.purpose}: body at {where}: {error.message[:200]}")


ERROR = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
    },
}
OPERATION = Operation(
    "orders", "GET", "/orders/{id}", "getOrder", problem_schemas={"default": ERROR}
)
GOOD = {"type": "https://accord.dev/problems/not_found", "title": "Not found", "status": 404}
EXAMPLES = [
    Example("complete", True, exchange(404, GOOD, operation=OPERATION)),
    Example("no title", False, exchange(404, {**GOOD, "title": None}, operation=OPERATION)),
    Example("status as text", False, exchange(404, {**GOOD, "status": "404"}, operation=OPERATION)),
    Example("not json", False, exchange(404, b"Not Found", operation=OPERATION)),
    Example("undocumented", False, exchange(404, GOOD, operation=Operation("o", "GET", "/", "x"))),
]
