"""Distinct events never share a (source, id): the key consumers deduplicate on."""

from typing import Any

from conformance.checks.events import calls, card_order, envelope, observe_events, raw
from conformance.observations import RawEvent
from conformance.registry import Example, Violation, check


@check(
    "EVT-003",
    family="events",
    ref="CloudEvents 1.0 §3.1.1 (id: source + id unique per distinct event); asyncapi.yaml "
    "info.description (consumers deduplicate on (source, id))",
    subjects=calls,
    observe=observe_events,
)
def unique_source_id(observed):
    """Messages sharing a (source, id) are redeliveries of one identical envelope."""
    seen: dict[tuple[Any, Any], RawEvent] = {}
    for event in observed.events:
        key = (event.attribute("source"), event.attribute("id"))
        if None in key:
            continue  # EVT-002 reports the missing attribute
        first = seen.setdefault(key, event)
        if first.envelope() != event.envelope():
            raise Violation(
                f"{observed.call}: {first.routing_key} and {event.routing_key} are different "
                f"events with the same (source, id) {key}"
            )


EXAMPLES = [
    Example("distinct ids", True, card_order()),
    Example("a redelivery", True, card_order([raw("order.created"), raw("order.created")])),
    Example(
        "one id for two events",
        False,
        card_order(
            [
                raw("order.created"),
                raw("order.updated", envelope("order.updated", id="evt-order.created-0")),
            ]
        ),
    ),
]
