"""Every event's `time` is an RFC 3339 timestamp."""

import re
from datetime import datetime

from conformance.checks.events import calls, card_order, each_event, envelope, observe_events, raw
from conformance.registry import Example, check

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


@check(
    "EVT-004",
    family="events",
    ref="CloudEvents 1.0 §3.1.3 (time: RFC 3339); asyncapi.yaml payload time format date-time",
    subjects=calls,
    observe=observe_events,
)
def rfc3339_time(observed):
    """Every event's `time` is an RFC 3339 date-time with a time zone."""
    each_event(observed, _problem)


def _problem(event):
    value = event.attribute("time")
    if not isinstance(value, str) or not RFC3339.match(value):
        return f"time {value!r} is not RFC 3339"
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return f"time {value!r} is not a real date-time"
    return None


def _at(time):
    return card_order([raw("order.created", envelope("order.created", time=time))])


EXAMPLES = [
    Example("UTC with Z", True, card_order()),
    Example("offset and fraction", True, _at("2025-01-15T10:30:01.123456+02:00")),
    Example("no time zone", False, _at("2025-01-15T10:30:01")),
    Example("epoch seconds", False, _at(1736937001)),
    Example("month 13", False, _at("2025-13-15T10:30:01Z")),
    Example("absent", False, _at(None)),
]
