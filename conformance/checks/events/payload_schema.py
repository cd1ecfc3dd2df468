"""Every event's whole envelope is valid against its AsyncAPI message payload schema."""

import jsonschema

from conformance.checks.events import calls, card_order, each_event, envelope, observe_events, raw
from conformance.registry import Example, check


@check(
    "EVT-008",
    family="events",
    ref="asyncapi.yaml components/messages/*/payload (the structured CloudEvents envelope, "
    "data schemas included)",
    subjects=calls,
    observe=observe_events,
)
def payload_schema(observed):
    """The envelope, `data` included, is valid against the channel's payload schema."""
    each_event(observed, lambda event: _problem(event, observed.schemas))


def _problem(event, schemas):
    schema = schemas.get(event.routing_key)
    if schema is None:
        return "no AsyncAPI payload schema for this channel"
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(event.envelope()))
    if error is None:
        return None
    where = "/" + "/".join(str(p) for p in error.absolute_path)
    return f"at {where}: {error.message[:200]}"


UPDATED = envelope("order.updated")
EXAMPLES = [
    Example("valid envelopes", True, card_order()),
    Example(
        "data without status",
        False,
        card_order([raw("order.updated", {**UPDATED, "data": {"id": UPDATED["subject"]}})]),
    ),
    Example(
        "no traceparent",
        False,
        card_order([raw("order.created", envelope("order.created", traceparent=None))]),
    ),
    Example(
        "no schema",
        False,
        card_order([raw("order.deleted", envelope("order.created"), "order.deleted")]),
    ),
]
