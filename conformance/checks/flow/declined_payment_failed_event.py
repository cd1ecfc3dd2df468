"""A declined order's payment shows on the broker as payment.failed, never payment.successful."""

from conformance.checks.flow import event, observe_order_events, outcome, run
from conformance.registry import Example, Violation, check


@check(
    "FLOW-004",
    family="flow",
    ref="payments asyncapi.yaml channels/payment.failed (method test_declined, "
    "failureReason card_declined)",
    subjects=outcome("test_declined"),
    observe=observe_order_events,
)
def declined_payment_failed_event(order):
    """payment.failed is published for the order; payment.successful is not."""
    if order.events_of("payment.successful"):
        raise Violation(f"order {order.order_id} (test_declined): payment.successful published")
    if not order.events_of("payment.failed"):
        seen = sorted({e.routing_key for e in order.events or ()})
        raise Violation(
            f"order {order.order_id} (test_declined): no payment.failed within "
            f"{order.watched:.1f}s; events seen: {seen or 'none'}"
        )


FAILED = event("payment.failed", orderId="x", status="failed")
EXAMPLES = [
    Example(
        "failed", True, run("test_declined", "pending", events=[event("order.created"), FAILED])
    ),
    Example("nothing", False, run("test_declined", "pending", events=[event("order.created")])),
    Example(
        "successful instead",
        False,
        run("test_declined", "pending", events=[event("payment.successful", status="successful")]),
    ),
]
