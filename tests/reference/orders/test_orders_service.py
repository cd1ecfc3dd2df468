"""Orders service layer over SQLite: payment events in, payment requests out, idempotency."""

from __future__ import annotations

import json
import logging
import time

import httpx
import jwt
import pytest
import sqlalchemy as sa

from reference.orders.adapters.orm import orders, outbox, payment_requests
from reference.orders.adapters.payments_client import PaymentsClient
from reference.orders.bootstrap import service_token
from reference.orders.entrypoints.payment_requester import PaymentRequester
from reference.shared.events import Outcome, new_event
from reference.shared.idempotency_key import IdempotencyKey
from reference.shared.persistence import Reply, run_idempotent

ORDER = {"customerId": "cust-42", "items": ["sku-1"]}
PAYMENT_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def place(client, auth, method="card") -> dict:
    response = client.post(
        "/orders", json={**ORDER, "paymentMethod": method}, headers=auth("orders.write")
    )
    assert response.status_code == 201
    return response.json()


def payment_event(order_id: str, outcome: str) -> bytes:
    data = {"id": PAYMENT_ID, "orderId": order_id}
    if outcome == "successful":
        data |= {"method": "card", "status": "successful"}
    else:
        data |= {"method": "test_declined", "status": "failed", "failureReason": "card_declined"}
    event = new_event(f"payment.{outcome}", "urn:accord:payments", data["id"], data, TRACEPARENT)
    return json.dumps(event).encode()


def order_row(service, order_id: str):
    with service.engine.connect() as conn:
        return conn.execute(sa.select(orders).where(orders.c.id == order_id)).mappings().one()


def outbox_types(service) -> list[str]:
    with service.engine.connect() as conn:
        query = sa.select(outbox.c.event_type).order_by(outbox.c.created_at)
        return conn.execute(query).scalars().all()


def test_payment_successful_marks_paid_once_and_continues_the_trace(
    orders_client, orders_auth, orders_service
):
    order = place(orders_client, orders_auth)
    body = payment_event(order["id"], "successful")
    assert orders_service.consumer.process(body).outcome is Outcome.PROCESSED
    assert order_row(orders_service, order["id"])["status"] == "paid"
    assert orders_service.consumer.process(body).outcome is Outcome.DUPLICATE
    assert outbox_types(orders_service) == ["order.created", "order.updated"]
    with orders_service.engine.connect() as conn:
        query = sa.select(outbox.c.payload).where(outbox.c.event_type == "order.updated")
        updated = json.loads(conn.execute(query).scalar_one())
    assert updated["data"] == {"id": order["id"], "status": "paid", "previousStatus": "pending"}
    assert updated["traceparent"].split("-")[1] == TRACEPARENT.split("-")[1]


def test_payment_failed_keeps_pending_records_and_logs(
    orders_client, orders_auth, orders_service, caplog
):
    order = place(orders_client, orders_auth, "test_declined")
    with caplog.at_level(logging.INFO, logger="reference.orders"):
        result = orders_service.consumer.process(payment_event(order["id"], "failed"))
    assert result.outcome is Outcome.PROCESSED
    row = order_row(orders_service, order["id"])
    assert (row["status"], row["payment_status"], row["payment_failure"]) == (
        "pending",
        "failed",
        "card_declined",
    )
    [record] = [r for r in caplog.records if getattr(r, "event", None) == "order.payment_failed"]
    assert record.resource_id == order["id"]
    assert outbox_types(orders_service) == ["order.created"]


def test_unknown_orders_and_invalid_messages(orders_service):
    unknown = payment_event("3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b", "successful")
    assert orders_service.consumer.process(unknown).outcome is Outcome.PROCESSED
    assert orders_service.consumer.process(b"not json").outcome is Outcome.INVALID
    no_reason = json.loads(payment_event("3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b", "failed"))
    del no_reason["data"]["failureReason"]
    assert orders_service.consumer.process(json.dumps(no_reason)).outcome is Outcome.INVALID


def requester_for(service, handler) -> PaymentRequester:
    client = PaymentsClient(
        "http://payments.test",
        service_token(service.settings),
        transport=httpx.MockTransport(handler),
    )
    uow = service.uow
    return PaymentRequester(uow, client)


def test_payment_request_retries_until_payments_answers(orders_client, orders_auth, orders_service):
    seen: list[httpx.Request] = []

    def payments(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            return httpx.Response(503, json={"status": 503})
        body = json.loads(request.content)
        return httpx.Response(201, json={"id": "p-1", **body, "status": "successful"})

    created = orders_client.post("/orders", json=ORDER, headers=orders_auth("orders.write"))
    order = created.json()
    requester = requester_for(orders_service, payments)
    assert requester.drain_once() == 0  # 503: scheduled again with backoff
    deadline = time.monotonic() + 5
    while requester.drain_once() == 0:
        assert time.monotonic() < deadline, "the retry never came"
        time.sleep(0.1)
    first, last = seen[0], seen[-1]
    assert json.loads(last.content) == {"orderId": order["id"], "method": "card"}
    assert last.headers["idempotency-key"] == order["id"]
    claims = jwt.decode(last.headers["authorization"][7:], options={"verify_signature": False})
    assert claims["aud"] == "payments"
    assert set(claims["scope"].split()) == {"payments.write", "payments.read"}
    trace_id = created.headers["traceparent"].split("-")[1]
    assert first.headers["traceparent"].split("-")[1] == trace_id
    with orders_service.engine.connect() as conn:
        row = conn.execute(sa.select(payment_requests)).mappings().one()
    assert (row["state"], row["attempts"], row["payment_id"]) == ("requested", 1, "p-1")


@pytest.mark.parametrize(
    ("method", "outcome", "shown"),
    [
        ("card", "successful", {"status": "successful"}),
        ("test_declined", "failed", {"status": "failed", "failureReason": "card_declined"}),
    ],
)
def test_an_order_shows_its_payment_from_request_to_outcome(
    orders_client, orders_auth, orders_service, method, outcome, shown
):
    """Issue 14: over HTTP alone a client finds the payment and learns a decline (the test
    client validates every response against the spec)."""
    order = place(orders_client, orders_auth, method)
    assert "payment" not in order  # nothing is known of a payment yet

    def get() -> dict:
        url = f"/orders/{order['id']}"
        return orders_client.get(url, headers=orders_auth("orders.read")).json()

    def payments(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(201, json={"id": PAYMENT_ID, **body, "status": outcome})

    assert requester_for(orders_service, payments).drain_once() == 1
    assert get()["payment"] == {"id": PAYMENT_ID, "status": "pending"}
    assert orders_service.consumer.process(payment_event(order["id"], outcome)).outcome is (
        Outcome.PROCESSED
    )
    shown_order = get()
    assert shown_order["payment"] == {"id": PAYMENT_ID, **shown}
    assert shown_order["status"] == ("paid" if outcome == "successful" else "pending")


def test_a_payment_request_payments_rejects_is_abandoned(
    orders_client, orders_auth, orders_service
):
    place(orders_client, orders_auth)
    requester = requester_for(orders_service, lambda r: httpx.Response(400, json={}))
    assert requester.drain_once() == 0
    with orders_service.engine.connect() as conn:
        assert conn.execute(sa.select(payment_requests.c.state)).scalar_one() == "abandoned"


def test_idempotency_keys_are_scoped_to_the_operation(orders_service):
    runs: list[str] = []

    def produce(operation):
        def run(uow):
            runs.append(operation)
            return Reply(201, {"operation": operation})

        return run

    uow = orders_service.uow
    for operation in ("createOrder", "otherOperation", "createOrder"):
        key = IdempotencyKey.of("same-key", {"a": 1})
        reply = run_idempotent(uow(), operation, key, produce(operation), _now)
        assert reply.body == {"operation": operation}
    assert runs == ["createOrder", "otherOperation"]


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_the_consumer_waits_for_an_unreachable_broker(orders_settings, caplog):
    import dataclasses

    from reference.orders.bootstrap import bootstrap

    settings = dataclasses.replace(orders_settings, broker_url="amqp://guest:guest@127.0.0.1:1//")
    service = bootstrap(settings, queue_name="orders.unreachable")
    started = time.monotonic()
    service.consumer.start()  # does not raise: HTTP keeps working, events wait in the outbox
    assert time.monotonic() - started < 15
    assert "consumer will retry" in caplog.text
    service.stop()
