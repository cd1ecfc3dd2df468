"""Every event carries the `traceparent` of the request that caused it (same trace id)."""

from conformance.checks.events import (
    TRACE,
    calls,
    card_order,
    each_event,
    envelope,
    observe_events,
    raw,
)
from conformance.observations import TRACEPARENT
from conformance.registry import Example, check


@check(
    "EVT-009",
    family="events",
    ref="CloudEvents Distributed Tracing extension (traceparent); W3C Trace Context §3.2; "
    "asyncapi.yaml payload traceparent",
    subjects=calls,
    observe=observe_events,
)
def traceparent(observed):
    """The envelope's `traceparent` is W3C and carries the trace id the suite sent."""
    each_event(observed, lambda event: _problem(event, observed.trace_id))


def _problem(event, trace_id):
    value = event.attribute("traceparent")
    if value is None:
        return "no traceparent attribute"
    match = TRACEPARENT.match(value) if isinstance(value, str) else None
    if match is None or not value.startswith("00-"):
        return f"traceparent {value!r} is not W3C version 00"
    if match.group(1) != trace_id:
        return f"trace id {match.group(1)} is not the request's {trace_id}"
    return None


def _with(value):
    return card_order([raw("order.created", envelope("order.created", traceparent=value))])


EXAMPLES = [
    Example("the request's trace", True, card_order()),
    Example("absent", False, _with(None)),
    Example("another trace", False, _with("00-" + "1" * 32 + "-00f067aa0ba902b7-01")),
    Example("not W3C", False, _with(TRACE)),
]
