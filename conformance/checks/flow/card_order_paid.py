"""A card order becomes `paid` (GET shows it) within the flow timeout."""

from conformance.checks.flow import observe_order, outcome, run
from conformance.registry import Example, Violation, check


@check(
    "FLOW-001",
    family="flow",
    ref="orders openapi.yaml info.description (Flow); payments openapi.yaml createPayment "
    "(card always successful)",
    subjects=outcome("card"),
    observe=observe_order,
)
def card_order_paid(order):
    """POST /orders with paymentMethod card, then GET shows `paid` within timeouts.flow."""
    if order.reached("paid") is None:
        last = order.statuses[-1][1] if order.statuses else "never read"
        raise Violation(
            f"order {order.order_id} (card) not paid after {order.watched:.1f}s "
            f"(timeout {order.timeout:g}s); GET last showed {last}"
        )


EXAMPLES = [
    Example("paid after a moment", True, run("card", "pending", "pending", "paid")),
    Example("never paid", False, run("card", "pending", "pending", "pending")),
    Example("gone", False, run("card", "pending", "http 404")),
]
