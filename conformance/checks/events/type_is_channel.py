"""Every event's `type` is its channel: the AMQP routing key it was published with."""

from conformance.checks.events import calls, card_order, each_event, envelope, observe_events, raw
from conformance.registry import Example, check


@check(
    "EVT-007",
    family="events",
    ref="docs/contracts.md (AMQP mapping: routing key = event type); asyncapi.yaml channels "
    "bindings.amqp.is routingKey",
    subjects=calls,
    observe=observe_events,
)
def type_is_channel(observed):
    """`type` equals the routing key, and the routing key is a channel of the contracts."""
    each_event(observed, lambda event: _problem(event, observed.schemas))


def _problem(event, channels):
    kind = event.attribute("type")
    if kind != event.routing_key:
        return f"type {kind!r} differs from the routing key {event.routing_key!r}"
    if channels and event.routing_key not in channels:
        return f"{event.routing_key!r} is not a channel the services publish"
    return None


EXAMPLES = [
    Example("type = routing key", True, card_order()),
    Example(
        "type differs",
        False,
        card_order([raw("order.created", envelope("order.created", type="OrderCreated"))]),
    ),
    Example(
        "unknown channel",
        False,
        card_order(
            [raw("order.deleted", envelope("order.created", type="order.deleted"), "order.deleted")]
        ),
    ),
]
