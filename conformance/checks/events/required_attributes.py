"""Every event is a JSON CloudEvents envelope with the REQUIRED attributes, specversion "1.0"."""

from conformance.checks.events import calls, card_order, each_event, envelope, observe_events, raw
from conformance.registry import Example, check

REQUIRED = ("id", "source", "specversion", "type", "time")


@check(
    "EVT-002",
    family="events",
    ref="CloudEvents 1.0 §3.1 (required attributes), JSON format §3; asyncapi.yaml "
    "components/messages/*/payload required",
    subjects=calls,
    observe=observe_events,
)
def required_attributes(observed):
    """Every event body is a JSON object with specversion "1.0", id, source, type and time."""
    each_event(observed, _problem)


def _problem(event):
    body = event.envelope()
    if not isinstance(body, dict):
        return "the body is not a JSON object (structured-mode envelope)"
    missing = [a for a in REQUIRED if not isinstance(body.get(a), str) or not body.get(a)]
    if missing:
        return f"missing or empty attributes {missing}"
    if body["specversion"] != "1.0":
        return f"specversion is {body['specversion']!r}, not '1.0'"
    return None


EXAMPLES = [
    Example("complete envelopes", True, card_order()),
    Example(
        "no specversion",
        False,
        card_order([raw("order.created", envelope("order.created", specversion=None))]),
    ),
    Example(
        "specversion 0.3",
        False,
        card_order([raw("order.created", envelope("order.created", specversion="0.3"))]),
    ),
    Example("no id", False, card_order([raw("order.created", envelope("order.created", id=None))])),
    Example(
        "empty source",
        False,
        card_order([raw("order.created", envelope("order.created", source=""))]),
    ),
    Example("binary mode body", False, card_order([raw("order.created", b'{"id": "x"')])),
]
