"""A list `limit` or `offset` out of its documented range, or not an integer, is 400."""

from conformance.checks.lifecycle import PROBLEMS, expect_problem
from conformance.observations import exchange
from conformance.probes.lifecycle import Driver, query_bounds
from conformance.registry import Example, Subject, Violation, check


def out_of_range(ctx):
    """Each integer query parameter of listOrders: below its minimum, above its maximum, text."""
    subjects = []
    for name, schema in query_bounds(ctx).items():
        if schema.get("type") != "integer":
            continue
        values = [schema["minimum"] - 1] if "minimum" in schema else []
        values += [schema["maximum"] + 1] if "maximum" in schema else []
        for value in [*values, "ten"]:
            subjects.append(Subject(f"orders.listOrders?{name}={value}", f"{name}={value}"))
    return subjects


def list_with(ctx, subject):
    driver = Driver(ctx)
    path = f"{driver.ops['listOrders'].path}?{subject.value}"
    return driver.call("listOrders", path=path, purpose=f"list with {subject.value}")


@check(
    "LIFE-005",
    family="lifecycle",
    ref="orders/openapi.yaml paths/~1orders/get (limit 1..100, offset 0..10000; else 400)",
    subjects=out_of_range,
    observe=list_with,
)
def list_bounds_rejected(exchange):
    """A list `limit` or `offset` out of its documented range, or not an integer, is 400."""
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
