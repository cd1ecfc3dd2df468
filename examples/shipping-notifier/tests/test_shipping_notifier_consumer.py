"""Shipping notifier (consumer) and Orders (provider): the worked example consumer teams copy.

The notifier (examples/shipping-notifier/) listens to `order.created` (tell the customer the order
was received) and `order.updated` (when `status` becomes `shipped`, read the order with
`GET /orders/{id}` for its customer and items, and tell the customer it is on its way). An order
Orders does not know (`404`) is skipped. The HTTP tests drive the notifier's real `OrdersClient`
against Pact's mock server; the message tests feed each event to the real `ShippingNotifier`
with a stub reader. Everything lands in `pacts/shipping-notifier-orders.json`.

Only the fields the notifier reads are in the pact: an Orders change to any other field cannot
break this consumer, and the pact says so."""

from __future__ import annotations

from pact import Pact, generate, match
from pact.match.matcher import GenericMatcher
from shipping_notifier.notifier import Notification, ShippingNotifier
from shipping_notifier.orders_client import OrdersClient

ORDER_ID = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
TRACEPARENT = r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6Im9yZGVycy5yZWFkIn0.c2lnbmF0dXJl"
BEARER = r"^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$"
CLOUDEVENTS_JSON = "application/cloudevents+json"


def uuid(example: str) -> GenericMatcher:
    return match.regex(example, regex=UUID)


def from_state(example: str, regex: str, expression: str) -> GenericMatcher:
    """A value the provider state supplies at verification (e.g. the id of the order it made)."""
    return GenericMatcher(
        "regex", example, regex=regex, generator=generate.provider_state(expression)
    )


def orders_pact() -> Pact:
    return Pact("shipping-notifier", "orders").with_specification("V4")


def get_order(pact: Pact, description: str, order_id, state: tuple[str, dict]):
    return (
        pact.upon_receiving(description)
        .given(*state)
        .with_request("GET", order_id)
        .with_header("Authorization", match.regex(f"Bearer {TOKEN}", regex=BEARER))
        .with_header("Accept", "application/json")
    )


def test_reads_a_shipped_order(write_pact):
    pact = orders_pact()
    path = from_state(f"/orders/{ORDER_ID}", r"^/orders/[0-9a-f-]{36}$", "/orders/${id}")
    state = ("an order exists", {"id": ORDER_ID, "status": "shipped", "customerId": "cust-42"})
    body = {
        "id": from_state(ORDER_ID, UUID, "${id}"),
        "status": "shipped",
        "customerId": match.str("cust-42"),
        "items": match.each_like("sku-123", min=1),
    }
    (
        get_order(pact, "a request for a shipped order", path, state)
        .will_respond_with(200)
        .with_body(body, "application/json")
    )
    with pact.serve() as server:
        order = OrdersClient(str(server.url), lambda: TOKEN).get_order(ORDER_ID)
    assert order == {
        "id": ORDER_ID,
        "status": "shipped",
        "customerId": "cust-42",
        "items": ["sku-123"],
    }
    write_pact(pact)


def test_an_unknown_order_is_none(write_pact):
    pact = orders_pact()
    problem = {
        "type": "https://accord.dev/problems/not_found",
        "title": match.str("Not found"),
        "status": 404,
    }
    state = ("no order exists", {"id": UNKNOWN_ID})
    (
        get_order(
            pact, "a request for an order that does not exist", f"/orders/{UNKNOWN_ID}", state
        )
        .will_respond_with(404)
        .with_body(problem, "application/problem+json")
    )
    with pact.serve() as server:
        assert OrdersClient(str(server.url), lambda: TOKEN).get_order(UNKNOWN_ID) is None
    write_pact(pact)


def envelope(event_type: str, data: dict) -> dict:
    return {
        "specversion": "1.0",
        "id": match.str("b6f1a0de-4d1c-4f5e-9a7b-2c3d4e5f6a7b"),
        "source": match.str("urn:accord:orders"),
        "type": event_type,
        "time": match.regex("2025-01-15T10:30:01Z", regex=RFC3339),
        "subject": uuid(ORDER_ID),
        "datacontenttype": "application/json",
        "traceparent": match.regex(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", regex=TRACEPARENT
        ),
        "data": data,
    }


def expect_event(pact: Pact, description: str, state: tuple[str, dict], body: dict) -> None:
    (
        pact.upon_receiving(description, "Async")
        .given(*state)
        .with_body(body, CLOUDEVENTS_JSON)
        .with_metadata({"contentType": CLOUDEVENTS_JSON, "routingKey": body["type"]})
    )


class StubOrders:
    """What `GET /orders/{id}` answers, for the message tests (the HTTP pact covers the call)."""

    def get_order(self, order_id: str) -> dict:
        return {"id": order_id, "status": "shipped", "customerId": "cust-42", "items": ["sku-123"]}


def notify_into(sent: list[Notification]):
    notifier = ShippingNotifier(StubOrders(), sent.append)
    return lambda body, metadata: notifier.handle(str(body))


def test_order_created_tells_the_customer_it_was_received(write_pact):
    pact = orders_pact()
    data = {
        "id": uuid(ORDER_ID),
        "customerId": match.str("cust-42"),
        "items": match.each_like("sku-123", min=1),
        "status": "pending",
    }
    state = ("an order is placed", {"customerId": "cust-42", "items": ["sku-123"]})
    expect_event(pact, "an order.created event", state, envelope("order.created", data))
    sent: list[Notification] = []
    pact.verify(notify_into(sent), "Async")
    assert sent == [Notification("cust-42", ORDER_ID, "received", ("sku-123",))]
    write_pact(pact)


def test_order_shipped_tells_the_customer_it_is_on_its_way(write_pact):
    pact = orders_pact()
    data = {"id": uuid(ORDER_ID), "status": "shipped"}
    state = ("an order is shipped", {"customerId": "cust-42", "items": ["sku-123"]})
    expect_event(
        pact, "an order.updated event for a shipped order", state, envelope("order.updated", data)
    )
    sent: list[Notification] = []
    pact.verify(notify_into(sent), "Async")
    assert sent == [Notification("cust-42", ORDER_ID, "shipped", ("sku-123",))]
    write_pact(pact)
