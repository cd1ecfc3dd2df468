"""Orders API through Connexion's test client, responses validated: every operation and error."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import yaml

from reference.orders.adapters.orm import outbox, payment_requests

PROBLEM = "https://accord.dev/problems/"
ORDER = {"customerId": "cust-42", "items": ["sku-123", "sku-456"]}
MISSING = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"


def problem(response, name: str, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == PROBLEM + name and body["status"] == status
    return body


def create(client, auth, body=ORDER, **headers):
    return client.post("/orders", json=body, headers={**auth("orders.write"), **headers})


def test_create_order_is_201_pending_with_location(orders_client, orders_auth, orders_service):
    response = create(orders_client, orders_auth, {**ORDER, "paymentMethod": "test_declined"})
    assert response.status_code == 201
    order = response.json()
    assert response.headers["location"] == f"/orders/{order['id']}"
    assert order["status"] == "pending" and order["paymentMethod"] == "test_declined"
    with orders_service.engine.connect() as conn:
        event = conn.execute(sa.select(outbox.c.event_type)).scalar_one()
        request = conn.execute(sa.select(payment_requests)).mappings().one()
    assert event == "order.created"
    assert request["order_id"] == order["id"] and request["method"] == "test_declined"
    assert request["traceparent"].startswith("00-")


def test_payment_method_defaults_to_card_and_unknown_fields_are_ignored(orders_client, orders_auth):
    response = create(orders_client, orders_auth, {**ORDER, "giftWrap": True})
    assert response.status_code == 201 and response.json()["paymentMethod"] == "card"


def test_get_order(orders_client, orders_auth):
    order = create(orders_client, orders_auth).json()
    response = orders_client.get(f"/orders/{order['id']}", headers=orders_auth("orders.read"))
    assert response.status_code == 200 and response.json() == order


def test_get_unknown_order_is_404(orders_client, orders_auth):
    response = orders_client.get(f"/orders/{MISSING}", headers=orders_auth("orders.read"))
    assert MISSING in problem(response, "not_found", 404)["detail"]


def test_list_orders_pages_by_creation_time(orders_client, orders_auth):
    ids = [create(orders_client, orders_auth).json()["id"] for _ in range(3)]
    read = orders_auth("orders.read")
    page = orders_client.get("/orders?limit=2&offset=1", headers=read).json()
    assert [o["id"] for o in page["items"]] == ids[1:]
    assert (page["limit"], page["offset"], page["total"]) == (2, 1, 3)
    default = orders_client.get("/orders", headers=read).json()
    assert (default["limit"], default["offset"], len(default["items"])) == (20, 0, 3)
    past_end = orders_client.get("/orders?offset=10", headers=read).json()
    assert past_end["items"] == [] and past_end["total"] == 3


def test_patch_walks_the_state_machine_and_publishes(orders_client, orders_auth, orders_service):
    order = create(orders_client, orders_auth).json()
    write = orders_auth("orders.write")
    for status in ("paid", "shipped", "delivered"):
        response = orders_client.patch(
            f"/orders/{order['id']}", json={"status": status}, headers=write
        )
        assert response.status_code == 200 and response.json()["status"] == status
    with orders_service.engine.connect() as conn:
        types = conn.execute(sa.select(outbox.c.event_type).order_by(outbox.c.created_at))
        assert types.scalars().all() == ["order.created", *["order.updated"] * 3]


def test_patch_skip_backward_repeat_are_409(orders_client, orders_auth):
    order = create(orders_client, orders_auth).json()
    write, url = orders_auth("orders.write"), f"/orders/{order['id']}"
    skip = orders_client.patch(url, json={"status": "shipped"}, headers=write)
    assert "pending to shipped" in problem(skip, "invalid_transition", 409)["detail"]
    orders_client.patch(url, json={"status": "paid"}, headers=write)
    repeat = orders_client.patch(url, json={"status": "paid"}, headers=write)
    problem(repeat, "invalid_transition", 409)
    got = orders_client.get(url, headers=orders_auth("orders.read")).json()
    assert got["status"] == "paid"


def test_patch_unknown_order_is_404(orders_client, orders_auth):
    response = orders_client.patch(
        f"/orders/{MISSING}", json={"status": "paid"}, headers=orders_auth("orders.write")
    )
    problem(response, "not_found", 404)


def test_invalid_bodies_and_parameters_are_400_with_every_error(orders_client, orders_auth):
    bad = create(orders_client, orders_auth, {"items": []})
    pointers = {e["pointer"] for e in problem(bad, "validation_error", 400)["errors"]}
    assert pointers == {"/customerId", "/items"}
    read = orders_auth("orders.read")
    query = orders_client.get("/orders?limit=101&offset=-1", headers=read)
    errors = problem(query, "validation_error", 400)["errors"]
    assert {(e["location"], e["pointer"]) for e in errors} == {
        ("query", "/limit"),
        ("query", "/offset"),
    }
    path = orders_client.get("/orders/not-a-uuid", headers=read)
    assert problem(path, "validation_error", 400)["errors"][0]["location"] == "path"
    closed = orders_client.patch(
        f"/orders/{MISSING}",
        json={"status": "paid", "id": "x"},
        headers=orders_auth("orders.write"),
    )
    problem(closed, "validation_error", 400)


def test_malformed_json_is_400(orders_client, orders_auth):
    headers = {**orders_auth("orders.write"), "Content-Type": "application/json"}
    response = orders_client.post("/orders", content=b"{nope", headers=headers)
    assert problem(response, "validation_error", 400)["errors"][0]["pointer"] == ""


def test_no_token_is_401_without_error_code(orders_client):
    response = orders_client.get("/orders")
    problem(response, "unauthorized", 401)
    assert "error=" not in response.headers["www-authenticate"]


def test_bad_token_is_401_invalid_token(orders_client, orders_auth):
    wrong_audience = orders_auth("orders.read", audience="payments")
    response = orders_client.get("/orders", headers=wrong_audience)
    problem(response, "unauthorized", 401)
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_missing_scope_is_403_naming_only_the_required_scope(orders_client, orders_auth):
    response = create(orders_client, lambda *_: orders_auth("orders.read"))
    body = problem(response, "forbidden", 403)
    assert "orders.write" in body["detail"] and "orders.read" not in response.text
    challenge = response.headers["www-authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="orders.write"' in challenge


def test_idempotency_key_replays_the_original_response(orders_client, orders_auth, orders_service):
    first = create(orders_client, orders_auth, **{"Idempotency-Key": "attempt-1"})
    again = create(orders_client, orders_auth, **{"Idempotency-Key": "attempt-1"})
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    with orders_service.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(outbox)).scalar() == 1


def test_idempotency_key_with_another_body_is_422(orders_client, orders_auth):
    create(orders_client, orders_auth, **{"Idempotency-Key": "attempt-1"})
    other = create(
        orders_client, orders_auth, {**ORDER, "items": ["x"]}, **{"Idempotency-Key": "attempt-1"}
    )
    problem(other, "idempotency_key_reused", 422)


def test_idempotency_body_comparison_ignores_key_order(orders_client, orders_auth):
    key = {"Idempotency-Key": "attempt-2"}
    first = create(orders_client, orders_auth, {"customerId": "c", "items": ["a"]}, **key)
    again = create(orders_client, orders_auth, {"items": ["a"], "customerId": "c"}, **key)
    assert again.json()["id"] == first.json()["id"]


def test_unknown_route_and_method_are_problems(orders_client, orders_auth):
    problem(orders_client.get("/nowhere", headers=orders_auth("orders.read")), "not_found", 404)
    deleted = orders_client.delete("/orders", headers=orders_auth("orders.write"))
    problem(deleted, "method_not_allowed", 405)


def test_405_in_the_test_client_allows_every_documented_method(orders_client, orders_auth):
    listing = orders_client.options("/orders", headers=orders_auth("orders.read"))
    problem(listing, "method_not_allowed", 405)
    assert {"GET", "POST"} <= set(listing.headers["allow"].split(", "))
    deleted = orders_client.delete(f"/orders/{MISSING}", headers=orders_auth("orders.write"))
    problem(deleted, "method_not_allowed", 405)
    assert {"GET", "PATCH"} <= set(deleted.headers["allow"].split(", "))
    assert "HEAD" not in deleted.headers["allow"]  # Connexion's guess; the spec has no HEAD


def test_database_down_is_503(orders_client, orders_auth, orders_service, monkeypatch):
    def unreachable(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(orders_service.engine, "connect", unreachable)
    response = orders_client.get("/orders", headers=orders_auth("orders.read"))
    body = problem(response, "service_unavailable", 503)
    assert "refused" not in response.text and "Traceback" not in body.get("detail", "")


def test_swagger_ui_is_served(orders_client):
    response = orders_client.get("/ui/")
    assert response.status_code == 200 and "swagger" in response.text.lower()


def test_405_allow_lists_every_documented_method(orders_service, orders_auth):
    from starlette.testclient import TestClient

    client = TestClient(orders_service.asgi())  # no lifespan: the workers stay off
    headers = orders_auth("orders.write")
    assert client.delete("/orders", headers=headers).headers["allow"] == "GET, POST"
    by_id = client.options(f"/orders/{MISSING}", headers=headers)
    assert by_id.status_code == 405 and by_id.headers["allow"] == "GET, PATCH"


@pytest.mark.parametrize("path", ["/openapi.json", "/openapi.yaml"])
def test_swagger_ui_servers_name_the_url_the_service_runs_on(orders_client, path):
    """Issue 14: Connexion serves `servers: [{url: ""}]`, an empty Servers list in Swagger UI."""
    response = orders_client.get(path, headers={"Host": "127.0.0.1:9123"})
    spec = response.json() if path.endswith(".json") else yaml.safe_load(response.text)
    assert response.status_code == 200 and spec["paths"]
    assert [s["url"] for s in spec["servers"]] == ["http://127.0.0.1:9123"]
    assert int(response.headers["content-length"]) == len(response.content)
    odd = orders_client.get(path, headers={"Host": "x y<z>"})  # not a host: the socket's address
    spec = odd.json() if path.endswith(".json") else yaml.safe_load(odd.text)
    assert spec["servers"][0]["url"].startswith("http://") and "<" not in spec["servers"][0]["url"]
