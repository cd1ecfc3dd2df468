"""An integer query parameter out of its documented range, or not an integer, is 400."""

from conformance.checks.lifecycle import expect_problem
from conformance.observations import exchange
from conformance.openapi import PROBLEMS
from conformance.probes import collections
from conformance.registry import Example, Subject, Violation, check


def out_of_range(ctx):
    """Each bounded integer query parameter of every GET: below its minimum, above its
    maximum, and text."""
    subjects = []
    for op in ctx.all_operations():
        if op.method.upper() != "GET":
            continue
        for name, schema in collections.query_schemas(ctx, op).items():
            if schema.get("type") != "integer":
                continue
            values = [schema["minimum"] - 1] if "minimum" in schema else []
            values += [schema["maximum"] + 1] if "maximum" in schema else []
            for value in [*values, "ten"]:
                subjects.append(Subject(f"{op.label}?{name}={value}", (op, f"{name}={value}")))
    return subjects


def list_with(ctx, subject):
    op, query = subject.value
    return collections.call(ctx, op, query, f"list with {query}")


@check(
    "LIFE-005",
    family="lifecycle",
    ref="each GET's integer query parameters (minimum, maximum); responses/BadRequest",
    subjects=out_of_range,
    observe=list_with,
)
def list_bounds_rejected(exchange):
    """An integer query parameter out of its documented range, or not an integer, is 400."""
    if exchange.response.status != 400:
        raise Violation(f"{exchange.purpose}: expected 400, got {exchange.response.status}")
    expect_problem(exchange, "validation_error")


PROBLEM = {"Content-Type": "application/problem+json"}
EXAMPLES = [
    Example(
        "rejected",
        True,
        exchange(400, {"type": PROBLEMS + "validation_error"}, PROBLEM, purpose="limit=0"),
    ),
    Example("accepted", False, exchange(200, {"items": [], "limit": 0, "offset": 0, "total": 0})),
    Example("clamped is not enough", False, exchange(200, {"items": [], "limit": 100})),
    Example("not a problem", False, exchange(400, {"error": "bad limit"}, purpose="limit=0")),
]
