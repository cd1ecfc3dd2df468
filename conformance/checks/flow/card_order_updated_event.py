"""A card order's payment shows on the broker: order.updated with status `paid`."""

from conformance.checks.flow import event, observe_order_events, outcome, run
from conformance.registry import Example, Violation, check


@check(
    "FLOW-002",
    family="flow",
    ref="orders asyncapi.yaml channels/order.updated (published on payment.successful)",
    subjects=outcome("card"),
    observe=observe_order_events,
)
def card_order_updated_event(order):
    """The order's order.updated event with data.status `paid` is published."""
    statuses = [e.data().get("status") for e in order.events_of("order.updated")]
    if "paid" not in statuses:
        seen = sorted({e.routing_key for e in order.events or ()})
        raise Violation(
            f"order {order.order_id} (card): no order.updated to paid within "
            f"{order.watched:.1f}s; events seen: {seen or 'none'}"
        )


EXAMPLES = [
    Example(
        "created then paid",
        True,
        run("card", "paid", events=[event("order.created"), event("order.updated", status="paid")]),
    ),
    Example("no update", False, run("card", "paid", events=[event("order.created")])),
    Example(
        "updated to shipped only",
        False,
        run("card", "paid", events=[event("order.updated", status="shipped")]),
    ),
]
