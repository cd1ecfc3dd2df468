"""Orders (consumer) and Payments (provider) over HTTP: what Orders' payments client relies on.

Orders asks Payments for a payment when an order is placed: `POST /payments` with its service
token and the order id as `Idempotency-Key`, method `card` (the payment succeeds) or
`test_declined` (it is declined). It reads a payment back with `GET /payments/{id}`, and an unknown
id is a `404` problem. Each test drives the real `PaymentsClient` against Pact's mock server; the
interactions it needed are written to `pacts/orders-payments.json`.

Ids and timestamps are matched by shape, not value; enums the client branches on are exact.
Provider states name what must exist before a request; `a payment exists` hands its `id` back
to the verifier, which puts it in the path (a `ProviderState` generator)."""

from __future__ import annotations

from pact import Pact, generate, match
from pact.match.matcher import GenericMatcher

from reference.orders.adapters.payments_client import (
    PaymentsClient,
    ServiceToken,
)

ORDER_ID = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
PAYMENT_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
DECLINED_ID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InBheW1lbnRzLndyaXRlIn0.c2lnbmF0dXJl"
BEARER = r"^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$"
LOCATION = r"^\S*/payments/[0-9a-f-]{36}$"  # Pact matches header regexes on the whole value


def uuid(example: str) -> GenericMatcher:
    return match.regex(example, regex=UUID)


def timestamp(example: str = "2025-01-15T10:30:00Z") -> GenericMatcher:
    return match.regex(example, regex=RFC3339)


def payments_pact() -> Pact:
    return Pact("orders", "payments").with_specification("V4")


def client_for(server) -> PaymentsClient:
    return PaymentsClient(str(server.url), ServiceToken(fixed=TOKEN))


def payment_request(pact: Pact, description: str, method: str):
    return (
        pact.upon_receiving(description)
        .given("payments can be taken for an order", {"orderId": ORDER_ID})
        .with_request("POST", "/payments")
        .with_header("Authorization", match.regex(f"Bearer {TOKEN}", regex=BEARER))
        .with_header("Idempotency-Key", uuid(ORDER_ID))
        .with_body({"orderId": uuid(ORDER_ID), "method": method}, "application/json")
    )


def test_a_card_payment_is_created(write_pact):
    pact = payments_pact()
    body = {
        "id": uuid(PAYMENT_ID),
        "orderId": uuid(ORDER_ID),
        "method": "card",
        "status": match.regex("successful", regex="^(pending|successful)$"),
        "createdAt": timestamp(),
    }
    (
        payment_request(pact, "a request for a card payment", "card")
        .will_respond_with(201)
        .with_header(
            "Location",
            match.regex(f"/payments/{PAYMENT_ID}", regex=r"^\S*/payments/[0-9a-f-]{36}$"),
        )
        .with_body(body, "application/json")
    )
    with pact.serve() as server:
        payment = client_for(server).request_payment(ORDER_ID, "card")
    assert payment["id"] == PAYMENT_ID and payment["status"] in {"pending", "successful"}
    write_pact(pact)


def test_a_declined_payment_is_created_too(write_pact):
    pact = payments_pact()
    body = {
        "id": uuid(DECLINED_ID),
        "orderId": uuid(ORDER_ID),
        "method": "test_declined",
        "status": match.regex("failed", regex="^(pending|failed)$"),
        "createdAt": timestamp(),
    }
    (
        payment_request(pact, "a request for a payment that will be declined", "test_declined")
        .will_respond_with(201)
        .with_body(body, "application/json")
    )
    with pact.serve() as server:
        payment = client_for(server).request_payment(ORDER_ID, "test_declined")
    assert payment["method"] == "test_declined" and payment["id"] == DECLINED_ID
    write_pact(pact)


def read_payment(server, payment_id: str) -> dict | None:
    """Orders' real `PaymentsClient.get_payment` against the pact's mock Payments."""
    return client_for(server).get_payment(payment_id)


def get_payment(pact: Pact, description: str, path, state: tuple[str, dict]):
    return (
        pact.upon_receiving(description)
        .given(*state)
        .with_request("GET", path)
        .with_header("Authorization", match.regex(f"Bearer {TOKEN}", regex=BEARER))
    )


def test_a_payment_is_read_back(write_pact):
    pact = payments_pact()
    path = GenericMatcher(
        "regex",
        f"/payments/{PAYMENT_ID}",
        regex=r"^/payments/[0-9a-f-]{36}$",
        generator=generate.provider_state("/payments/${id}"),
    )
    state = ("a payment exists", {"id": PAYMENT_ID, "orderId": ORDER_ID, "method": "card"})
    body = {
        "id": GenericMatcher(
            "regex", PAYMENT_ID, regex=UUID, generator=generate.provider_state("${id}")
        ),
        "orderId": uuid(ORDER_ID),
        "method": "card",
        "status": match.regex("successful", regex="^(pending|successful)$"),
        "createdAt": timestamp(),
    }
    (
        get_payment(pact, "a request for an existing payment", path, state)
        .will_respond_with(200)
        .with_body(body, "application/json")
    )
    with pact.serve() as server:
        payment = read_payment(server, PAYMENT_ID)
    assert payment is not None and payment["id"] == PAYMENT_ID
    write_pact(pact)


def test_an_unknown_payment_is_not_found(write_pact):
    pact = payments_pact()
    problem = {
        "type": "https://accord.dev/problems/not_found",
        "title": match.str("Not found"),
        "status": 404,
    }
    state = ("no payment exists", {"id": UNKNOWN_ID})
    (
        get_payment(
            pact, "a request for a payment that does not exist", f"/payments/{UNKNOWN_ID}", state
        )
        .will_respond_with(404)
        .with_body(problem, "application/problem+json")
    )
    with pact.serve() as server:
        assert read_payment(server, UNKNOWN_ID) is None
    write_pact(pact)
