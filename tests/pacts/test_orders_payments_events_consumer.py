"""Orders (consumer) and Payments (provider) over events: the payment outcomes Orders acts on.

Payments publishes `payment.successful` or `payment.failed` as a CloudEvents 1.0 structured
envelope (`application/cloudevents+json`, routing key = `type`). Orders validates the whole
envelope, deduplicates on (`source`, `id`), then marks the order `paid` or records the failure and
keeps it `pending`. Each message below goes through the real Orders event consumer (envelope
validation against the AsyncAPI contract, inbox, handlers) on an in-memory-sized SQLite database.

Every envelope attribute is matched by shape (uuid, RFC 3339 time, W3C traceparent); only the
values Orders branches on are exact: `specversion`, `type`, `datacontenttype`, `method`, `status`,
`failureReason`. The provider state says how to make Payments publish the message: take a payment
for the order with that method."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pact import Pact, match
from pact.match.matcher import GenericMatcher

from reference.orders.bootstrap import bootstrap
from reference.orders.domain.model import Order
from reference.orders.service_layer.messages import event_publisher
from reference.orders.service_layer.unit_of_work import SqlUnitOfWork
from reference.shared.events import Outcome
from reference.shared.settings import Settings

ORDER_ID = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
PAYMENT_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
TRACEPARENT = r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"
CLOUDEVENTS_JSON = "application/cloudevents+json"


def uuid(example: str) -> GenericMatcher:
    return match.regex(example, regex=UUID)


def envelope(event_type: str, event_id: str, data: dict) -> dict:
    """A CloudEvents envelope from Payments, matched by shape except what Orders branches on."""
    return {
        "specversion": "1.0",
        "id": match.str(event_id),
        "source": match.str("urn:accord:payments"),
        "type": event_type,
        "time": match.regex("2025-01-15T10:30:01Z", regex=RFC3339),
        "subject": uuid(PAYMENT_ID),
        "datacontenttype": "application/json",
        "traceparent": match.regex(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", regex=TRACEPARENT
        ),
        "data": data,
    }


def expect_event(pact: Pact, description: str, method: str, body: dict):
    event_type = body["type"]
    (
        pact.upon_receiving(description, "Async")
        .given("a payment was taken for an order", {"orderId": ORDER_ID, "method": method})
        .with_body(body, CLOUDEVENTS_JSON)
        .with_metadata({"contentType": CLOUDEVENTS_JSON, "routingKey": event_type})
    )


@pytest.fixture
def orders(tmp_path, monkeypatch):
    """The Orders service wired by its bootstrap on SQLite, with one pending order."""
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ACCORD_PAYMENTS_URL", "http://127.0.0.1:9")
    service = bootstrap(Settings.from_env("orders"), queue_name="orders.pact")
    now = datetime(2025, 1, 15, 10, 30, tzinfo=UTC)
    with SqlUnitOfWork(service.engine, event_publisher()) as uow:
        uow.orders.add(Order.place(ORDER_ID, "cust-42", ["sku-123"], "card", now))
        uow.commit()
    yield service
    service.payments.close()
    service.broker.close()
    service.engine.dispose()


def stored_order(service) -> Order:
    with SqlUnitOfWork(service.engine, event_publisher()) as uow:
        return uow.orders.get(ORDER_ID)


def deliver_to(service):
    """The message handler: the body goes through Orders' consumer exactly as from the broker."""

    def handle(body, metadata) -> None:
        assert metadata["contentType"] == CLOUDEVENTS_JSON
        result = service.consumer.process(str(body).encode())
        assert result.outcome is Outcome.PROCESSED, result.reason

    return handle


def test_payment_successful_marks_the_order_paid(orders, write_pact):
    pact = Pact("orders", "payments").with_specification("V4")
    data = {"id": uuid(PAYMENT_ID), "orderId": uuid(ORDER_ID), "method": "card"}
    body = envelope(
        "payment.successful",
        "d8b3c2f0-6f3e-4b7a-9c9d-4e5f6a7b8c9d",
        {**data, "status": "successful"},
    )
    expect_event(pact, "a payment.successful event", "card", body)
    pact.verify(deliver_to(orders), "Async")
    order = stored_order(orders)
    assert order.status == "paid" and order.payment.id == PAYMENT_ID
    write_pact(pact)


def test_payment_failed_keeps_the_order_pending_and_records_why(orders, write_pact):
    pact = Pact("orders", "payments").with_specification("V4")
    data = {
        "id": uuid(PAYMENT_ID),
        "orderId": uuid(ORDER_ID),
        "method": "test_declined",
        "status": "failed",
        "failureReason": "card_declined",
    }
    body = envelope("payment.failed", "e9c4d3a1-7a4f-4c8b-8dae-5f6a7b8c9d0e", data)
    expect_event(pact, "a payment.failed event", "test_declined", body)
    pact.verify(deliver_to(orders), "Async")
    order = stored_order(orders)
    assert order.status == "pending" and order.payment.failure_reason == "card_declined"
    write_pact(pact)
