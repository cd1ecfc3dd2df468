"""A declined order never becomes `paid`: it stays `pending` through the success path's window."""

from conformance.checks.flow import observe_order, outcome, run
from conformance.registry import Example, Violation, check


@check(
    "FLOW-003",
    family="flow",
    ref="docs/contracts.md (failed payment: the order stays pending); orders openapi.yaml "
    "info.description (test_declined is always declined)",
    subjects=outcome("test_declined"),
    observe=observe_order,
)
def declined_order_stays_pending(order):
    """GET shows the test_declined order `pending` every time, until the window has passed."""
    if not order.statuses:
        raise Violation(f"order {order.order_id} (test_declined) was never read")
    other = [(t, s) for t, s in order.statuses if s != "pending"]
    if other:
        at, status = other[0]
        raise Violation(
            f"order {order.order_id} (test_declined) showed {status} after {at:.1f}s; "
            "a declined order must stay pending"
        )


EXAMPLES = [
    Example("pending throughout", True, run("test_declined", "pending", "pending", "pending")),
    Example("paid anyway", False, run("test_declined", "pending", "paid")),
    Example("vanished", False, run("test_declined", "pending", "http 404")),
    Example("never read", False, run("test_declined")),
]
