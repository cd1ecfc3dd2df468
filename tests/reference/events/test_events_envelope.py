"""CloudEvents envelopes: built by the SDK, and validated raw before anything trusts them.

The SDK invents an `id` and a `time` for an envelope that lacks them, which would defeat dedupe by
(source, id); so validation works on the raw JSON, and these tests pin that down."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path

import pytest
from cloudevents.core.formats.json import JSONFormat

from reference.shared.events import (
    InvalidEvent,
    new_event,
    payload_schemas,
    subscribed_channels,
    validate_envelope,
)
from tests.reference.events.events_helpers import TRACEPARENT

SPECS = Path(__file__).resolve().parents[3] / "specs"

ASYNCAPI = """
asyncapi: 2.6.0
info: {title: test, version: 1.0.0}
channels:
  order.created:
    publish:
      message: {$ref: '#/components/messages/OrderCreated'}
  payment.failed:
    subscribe:
      message:
        oneOf:
          - $ref: '#/components/messages/PaymentFailed'
components:
  messages:
    OrderCreated:
      contentType: application/cloudevents+json
      payload:
        allOf:
          - $ref: '#/components/schemas/Envelope'
          - properties:
              type: {const: order.created}
              data: {$ref: '#/components/schemas/Order'}
    PaymentFailed:
      payload: {$ref: '#/components/schemas/Envelope'}
  schemas:
    Envelope:
      type: object
      required: [specversion, id, source, type, time, subject, datacontenttype, traceparent, data]
    Order:
      type: object
      required: [id, status]
      properties:
        status: {enum: [pending, paid]}
"""


@pytest.fixture
def event() -> dict:
    return new_event(
        "order.created", "/orders", "o-1", {"id": "o-1", "status": "pending"}, TRACEPARENT
    )


@pytest.fixture
def schemas(tmp_path) -> dict:
    path = tmp_path / "asyncapi.yaml"
    path.write_text(ASYNCAPI)
    return payload_schemas(path)


def test_new_event_is_a_complete_structured_envelope(event):
    assert event["specversion"] == "1.0"
    assert uuid.UUID(event["id"]).version == 4
    assert event["time"].endswith("Z")
    assert event["datacontenttype"] == "application/json"
    assert event["traceparent"] == TRACEPARENT
    assert (event["type"], event["source"], event["subject"]) == ("order.created", "/orders", "o-1")
    assert event["data"] == {"id": "o-1", "status": "pending"}
    assert validate_envelope(json.dumps(event).encode()) == event


def test_a_missing_id_is_rejected_although_the_sdk_would_invent_one(event):
    del event["id"]
    invented = JSONFormat().read(None, json.dumps(event).encode())
    assert invented.get_id()  # the trap: parsing alone would accept it
    with pytest.raises(InvalidEvent, match="'id' is a required property"):
        validate_envelope(json.dumps(event).encode())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"time": "yesterday"}, "date-time"),
        ({"time": "2026-01-01T10:00:00"}, "date-time"),  # RFC 3339 needs an offset
        ({"specversion": "0.3"}, "specversion"),
        ({"source": "not a uri"}, "uri-reference"),
        ({"id": ""}, "/id"),
        ({"Bad_Name": 1}, "does not match"),
    ],
)
def test_invalid_attributes_are_rejected_with_a_reason(event, change, reason):
    with pytest.raises(InvalidEvent) as caught:
        validate_envelope({**event, **change})
    assert reason in caught.value.reason


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_rejected(body):
    with pytest.raises(InvalidEvent):
        validate_envelope(body)


def test_payload_schemas_come_from_the_asyncapi_with_refs_inlined(schemas):
    assert set(schemas) == {"order.created", "payment.failed"}
    assert "$ref" not in json.dumps(schemas)


def test_the_contract_schema_is_applied(event, schemas):
    validate_envelope(event, schemas["order.created"])
    wrong = copy.deepcopy(event)
    wrong["data"]["status"] = "lost"
    with pytest.raises(InvalidEvent, match=r"contract of 'order\.created'"):
        validate_envelope(wrong, schemas["order.created"])
    without_trace = {k: v for k, v in event.items() if k != "traceparent"}
    with pytest.raises(InvalidEvent, match="traceparent"):
        validate_envelope(without_trace, schemas["order.created"])


@pytest.mark.parametrize("service", ["orders", "payments"])
def test_the_real_asyncapi_documents_give_a_schema_per_event_type(service):
    schemas = payload_schemas(SPECS / service / "asyncapi.yaml")
    assert schemas
    assert all(isinstance(schema, dict) for schema in schemas.values())
    assert "$ref" not in json.dumps(schemas)


def test_orders_subscribes_to_the_payment_outcomes_its_asyncapi_names():
    assert subscribed_channels(SPECS / "orders" / "asyncapi.yaml") == [
        "payment.failed",
        "payment.successful",
    ]
    assert subscribed_channels(SPECS / "payments" / "asyncapi.yaml") == []
