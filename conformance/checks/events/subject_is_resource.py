"""Every event says what it is about as its contract declares: the AsyncAPI message's
`correlationId` location holds the value the flow correlates it with (e.g. the order id)."""

from conformance.checks.events import (
    ORDER,
    calls,
    card_order,
    each_event,
    envelope,
    observe_events,
    raw,
)
from conformance.flows.expressions import Scope, Unresolved, evaluate
from conformance.flows.receive_step import message_scope
from conformance.registry import Example, check


@check(
    "EVT-005",
    family="events",
    ref="AsyncAPI 2.6 Message Object correlationId; Arazzo 1.1 Step Object correlationId",
    subjects=calls,
    observe=observe_events,
)
def subject_is_resource(observed):
    """The correlationId location of each event holds the flow's correlation value."""
    each_event(observed, lambda event: _problem(event, observed.correlations))


def _problem(event, correlations):
    if event.routing_key not in correlations:
        return None
    location, wanted = correlations[event.routing_key]
    try:
        value = evaluate(location, message_scope(Scope(), event))
    except Unresolved:
        return f"nothing at its correlationId location {location}"
    if value != wanted:
        return f"{location} is {value!r}, not {wanted!r}"
    return None


OTHER = "00000000-0000-4000-8000-000000000000"
CORRELATED = {
    "order.created": ("$message.payload#/subject", ORDER),
    "payment.successful": ("$message.payload#/data/orderId", ORDER),
}


def correlated(events=None):
    found = card_order(events)
    return found.__class__(**{**found.__dict__, "correlations": CORRELATED})


EXAMPLES = [
    Example("ids and correlations", True, correlated()),
    Example(
        "no value at the location",
        False,
        correlated([raw("order.created", envelope("order.created", subject=None))]),
    ),
    Example(
        "another order's event",
        False,
        correlated(
            [
                raw(
                    "order.created",
                    envelope("order.created", subject=OTHER, data={"id": OTHER}),
                )
            ]
        ),
    ),
]
