"""Payments API through Connexion's test client, responses validated: every operation and error."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from reference.payments.adapters.orm import outbox
from reference.payments.bootstrap import spec_path
from reference.shared.events import payload_schemas, validate_envelope

PROBLEM = "https://accord.dev/problems/"
ORDER_ID = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
MISSING = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"


def problem(response, name: str, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == PROBLEM + name and body["status"] == status
    return body


def pay(client, auth, body, **headers):
    return client.post("/payments", json=body, headers={**auth("payments.write"), **headers})


def outbox_events(service) -> list[dict]:
    with service.engine.connect() as conn:
        return [json.loads(p) for p in conn.execute(sa.select(outbox.c.payload)).scalars()]


@pytest.mark.parametrize(
    ("method", "status", "event"),
    [("card", "successful", "payment.successful"), ("test_declined", "failed", "payment.failed")],
)
def test_outcome_is_deterministic_and_its_event_is_in_the_outbox(
    payments_client, payments_auth, payments_service, method, status, event
):
    response = pay(payments_client, payments_auth, {"orderId": ORDER_ID, "method": method})
    assert response.status_code == 201
    payment = response.json()
    assert response.headers["location"] == f"/payments/{payment['id']}"
    assert payment["status"] == status and payment["orderId"] == ORDER_ID
    assert ("failureReason" in payment) == (status == "failed")
    [envelope] = outbox_events(payments_service)
    validate_envelope(envelope, payload_schemas(spec_path("asyncapi.yaml"))[event])
    assert envelope["subject"] == payment["id"] and envelope["data"]["orderId"] == ORDER_ID


def test_method_defaults_to_card(payments_client, payments_auth):
    response = pay(payments_client, payments_auth, {"orderId": ORDER_ID})
    assert response.json()["method"] == "card" and response.json()["status"] == "successful"


def test_get_payment(payments_client, payments_auth):
    payment = pay(payments_client, payments_auth, {"orderId": ORDER_ID}).json()
    response = payments_client.get(
        f"/payments/{payment['id']}", headers=payments_auth("payments.read")
    )
    assert response.status_code == 200 and response.json() == payment


def test_get_unknown_payment_is_404(payments_client, payments_auth):
    response = payments_client.get(f"/payments/{MISSING}", headers=payments_auth("payments.read"))
    problem(response, "not_found", 404)


def test_invalid_body_is_400_with_every_error(payments_client, payments_auth):
    response = pay(payments_client, payments_auth, {"orderId": "nope", "method": "cash"})
    errors = problem(response, "validation_error", 400)["errors"]
    assert {e["pointer"] for e in errors} == {"/orderId", "/method"}


def test_auth_errors(payments_client, payments_auth):
    problem(payments_client.get(f"/payments/{MISSING}"), "unauthorized", 401)
    wrong = payments_client.get(f"/payments/{MISSING}", headers=payments_auth("payments.write"))
    problem(wrong, "forbidden", 403)
    assert 'scope="payments.read"' in wrong.headers["www-authenticate"]


def test_idempotency_key(payments_client, payments_auth, payments_service):
    key = {"Idempotency-Key": ORDER_ID}
    first = pay(payments_client, payments_auth, {"orderId": ORDER_ID, "method": "card"}, **key)
    again = pay(payments_client, payments_auth, {"orderId": ORDER_ID, "method": "card"}, **key)
    assert again.status_code == 201 and again.json() == first.json()
    assert len(outbox_events(payments_service)) == 1
    other = pay(
        payments_client, payments_auth, {"orderId": ORDER_ID, "method": "test_declined"}, **key
    )
    problem(other, "idempotency_key_reused", 422)
