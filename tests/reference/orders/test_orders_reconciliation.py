"""The payment reconciler: a payment whose outcome event was lost is read back from Payments."""

from __future__ import annotations

import json

import httpx
import sqlalchemy as sa

from reference.orders.adapters.orm import orders, payment_requests
from reference.orders.adapters.payments_client import PaymentsClient
from reference.orders.bootstrap import service_token
from reference.orders.entrypoints.payment_reconciler import PaymentReconciler
from reference.orders.entrypoints.payment_requester import PaymentRequester
from reference.shared.events import Outcome, new_event

ORDER = {"customerId": "cust-42", "items": ["sku-1"]}
PAY = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def client_for(service, payments: dict[str, dict], seen: list[httpx.Request]) -> PaymentsClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            body = json.loads(request.content)
            payments[PAY] = {
                "id": PAY,
                **body,
                "status": "failed",
                "failureReason": "card_declined",
            }
            return httpx.Response(201, json=payments[PAY])
        payment = payments.get(request.url.path.rsplit("/", 1)[-1])
        return httpx.Response(200, json=payment) if payment else httpx.Response(404, json={})

    token = service_token(service.settings)
    return PaymentsClient("http://payments.test", token, transport=httpx.MockTransport(handler))


def state(service, order_id: str) -> tuple[str, str | None, str | None]:
    with service.engine.connect() as conn:
        request = conn.execute(sa.select(payment_requests)).mappings().one()
        order = conn.execute(sa.select(orders).where(orders.c.id == order_id)).mappings().one()
    return request["state"], order["payment_status"], order["payment_failure"]


def test_a_lost_outcome_is_read_back_once_and_a_late_event_changes_nothing(
    orders_client, orders_auth, orders_service, caplog
):
    payments: dict[str, dict] = {}
    seen: list[httpx.Request] = []
    client = client_for(orders_service, payments, seen)
    order = orders_client.post("/orders", json=ORDER, headers=orders_auth("orders.write")).json()
    uow = orders_service.uow
    assert PaymentRequester(uow, client).drain_once() == 1
    reconciler = PaymentReconciler(uow, client, deadline=0)
    assert reconciler.drain_once() == 1
    assert state(orders_service, order["id"]) == ("requested", "failed", "card_declined")
    assert reconciler.drain_once() == 0  # settled: never asked again
    assert [r.method for r in seen] == ["POST", "GET"]
    data = {"id": PAY, "orderId": order["id"], "method": "card", "status": "failed"}
    data["failureReason"] = "card_declined"
    late = new_event("payment.failed", "urn:accord:payments", PAY, data, TRACEPARENT)
    caplog.clear()
    assert orders_service.consumer.process(json.dumps(late)).outcome is Outcome.PROCESSED
    assert "order.payment_failed" not in caplog.text


def test_a_payment_unknown_to_payments_is_requested_again(
    orders_client, orders_auth, orders_service
):
    payments: dict[str, dict] = {}
    seen: list[httpx.Request] = []
    client = client_for(orders_service, payments, seen)
    order = orders_client.post("/orders", json=ORDER, headers=orders_auth("orders.write")).json()
    uow = orders_service.uow
    assert PaymentRequester(uow, client).drain_once() == 1
    payments.clear()  # Payments lost it (a restored backup, say)
    assert PaymentReconciler(uow, client, deadline=0).drain_once() == 1
    assert state(orders_service, order["id"])[0] == "pending"
    assert PaymentRequester(uow, client).drain_once() == 1
    assert [r.headers.get("idempotency-key") for r in seen if r.method == "POST"] == [
        order["id"],
        order["id"],
    ]


def test_payments_down_leaves_the_payment_for_a_later_check(
    orders_client, orders_auth, orders_service
):
    payments: dict[str, dict] = {}
    seen: list[httpx.Request] = []
    client = client_for(orders_service, payments, seen)
    order = orders_client.post("/orders", json=ORDER, headers=orders_auth("orders.write")).json()
    uow = orders_service.uow
    assert PaymentRequester(uow, client).drain_once() == 1

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    token = service_token(orders_service.settings)
    unreachable = PaymentsClient("http://payments.test", token, transport=httpx.MockTransport(down))
    reconciler = PaymentReconciler(uow, unreachable, deadline=0)
    assert reconciler.drain_once() == 0
    assert reconciler.drain_once() == 0  # backed off: not due again yet
    assert state(orders_service, order["id"])[1] == "pending"
