"""Every event is sent with the content type application/cloudevents+json (structured mode)."""

from conformance.checks.events import (
    CONTENT_TYPE,
    calls,
    card_order,
    each_event,
    observe_events,
    raw,
)
from conformance.registry import Example, check


@check(
    "EVT-006",
    family="events",
    ref="asyncapi.yaml components/messages/*/contentType and bindings.amqp.contentType; "
    "CloudEvents JSON format §3 (structured mode media type)",
    subjects=calls,
    observe=observe_events,
)
def content_type(observed):
    """The AMQP `content_type` (or a `content-type` header) is application/cloudevents+json."""
    each_event(observed, _problem)


def _problem(event):
    headers = event.properties.get("headers") or {}
    value = (
        event.properties.get("content_type")
        or headers.get("content-type")
        or headers.get("content_type")
    )
    media = str(value or "").split(";")[0].strip().lower()
    if media != CONTENT_TYPE:
        return f"content type {value!r}, not {CONTENT_TYPE}"
    return None


EXAMPLES = [
    Example("the property", True, card_order()),
    Example(
        "with a charset",
        True,
        card_order([raw("order.created", content_type=CONTENT_TYPE + "; charset=utf-8")]),
    ),
    Example(
        "as a header",
        True,
        card_order(
            [raw("order.created", content_type=None, headers={"content-type": CONTENT_TYPE})]
        ),
    ),
    Example(
        "plain JSON", False, card_order([raw("order.created", content_type="application/json")])
    ),
    Example("absent", False, card_order([raw("order.created", content_type=None)])),
]
