"""CloudEvents 1.0 structured envelopes: built with the SDK, validated raw with JSON Schema."""

from __future__ import annotations

import json
from typing import Any

from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from jsonschema import Draft7Validator

CONTENT_TYPE = "application/cloudevents+json"

# CloudEvents 1.0 itself (not our contract): the AsyncAPI payload schema adds the contract's rules.
ENVELOPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["specversion", "id", "source", "type"],
    "properties": {
        "specversion": {"const": "1.0"},
        "id": {"type": "string", "minLength": 1},
        "source": {"type": "string", "minLength": 1, "format": "uri-reference"},
        "type": {"type": "string", "minLength": 1},
        "subject": {"type": "string", "minLength": 1},
        "time": {"type": "string", "format": "date-time"},
        "datacontenttype": {"type": "string", "minLength": 1},
        "dataschema": {"type": "string", "format": "uri"},
        "data_base64": {"type": "string", "contentEncoding": "base64"},
    },
    "propertyNames": {"pattern": "^(data|data_base64|[a-z0-9]+)$"},
    "not": {"required": ["data", "data_base64"]},
}
_ENVELOPE_VALIDATOR = Draft7Validator(
    ENVELOPE_SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER
)


class InvalidEvent(ValueError):
    """A message that is not a valid CloudEvent (or not the one its contract documents)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def new_event(
    type: str, source: str, subject: str, data: Any, traceparent: str | None
) -> dict[str, Any]:
    """Build a CloudEvents 1.0 structured envelope (id uuid4, time now UTC) as a JSON-ready dict."""
    attributes: dict[str, Any] = {
        "type": type,
        "source": source,
        "subject": subject,
        "datacontenttype": "application/json",
    }
    if traceparent:
        attributes["traceparent"] = traceparent
    event = CloudEvent(attributes, data)  # the SDK fills in specversion, id (uuid4) and time
    return json.loads(JSONFormat().write(event))


def parse_envelope(raw: bytes | str) -> dict[str, Any]:
    """Decode a message body into a JSON object, or raise InvalidEvent."""
    try:
        envelope = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidEvent(f"body is not JSON: {exc}") from None
    if not isinstance(envelope, dict):
        raise InvalidEvent("body is not a JSON object")
    return envelope


def validate_envelope(
    raw: bytes | str | dict[str, Any], schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Validate a raw envelope against CloudEvents 1.0 and, if given, its contract schema."""
    envelope = raw if isinstance(raw, dict) else parse_envelope(raw)
    _check(_ENVELOPE_VALIDATOR, envelope, "not a CloudEvents 1.0 envelope")
    if schema is not None:
        validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
        _check(validator, envelope, f"does not match the contract of {envelope['type']!r}")
    return envelope


def _check(validator: Draft7Validator, envelope: dict[str, Any], what: str) -> None:
    errors = sorted(validator.iter_errors(envelope), key=lambda e: list(e.absolute_path))
    if errors:
        details = "; ".join(f"{_where(e)}: {e.message}" for e in errors[:5])
        raise InvalidEvent(f"{what}: {details}")


def _where(error: Any) -> str:
    return "/" + "/".join(str(p) for p in error.absolute_path)
