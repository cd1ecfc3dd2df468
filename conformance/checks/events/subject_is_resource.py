"""Every event's `subject` is the id of the resource it is about (order id, payment id)."""

from conformance.checks.events import (
    ORDER,
    calls,
    card_order,
    each_event,
    envelope,
    observe_events,
    raw,
)
from conformance.registry import Example, check


@check(
    "EVT-005",
    family="events",
    ref="docs/contracts.md (event subject); asyncapi.yaml payload subject (= data.id), "
    "data.orderId",
    subjects=calls,
    observe=observe_events,
)
def subject_is_resource(observed):
    """`subject` = `data.id` = the call's order (order.*) or payment (payment.*) id."""
    each_event(observed, lambda event: _problem(event, observed.resources))


def _problem(event, resources):
    subject, data = event.attribute("subject"), event.data()
    if not subject:
        return "no subject"
    if subject != data.get("id"):
        return f"subject {subject!r} is not data.id {data.get('id')!r}"
    order = resources.get("order")
    if event.routing_key.startswith("order.") and order and subject != order:
        return f"subject {subject!r} is not the order {order}"
    if event.routing_key.startswith("payment."):
        if order and data.get("orderId") != order:
            return f"data.orderId {data.get('orderId')!r} is not the order {order}"
        payment = resources.get("payment")
        if payment and subject != payment:
            return f"subject {subject!r} is not the payment {payment}"
    return None


OTHER = "00000000-0000-4000-8000-000000000000"
EXAMPLES = [
    Example("order and payment ids", True, card_order()),
    Example(
        "no subject",
        False,
        card_order([raw("order.created", envelope("order.created", subject=None))]),
    ),
    Example(
        "another order's id",
        False,
        card_order([raw("order.created", envelope("order.created", subject=OTHER))]),
    ),
    Example(
        "payment subject is the order id",
        False,
        card_order([raw("payment.successful", envelope("payment.successful", subject=ORDER))]),
    ),
]
