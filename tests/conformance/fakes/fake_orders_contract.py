"""An independent candidate for the whole orders contract (specs/orders/openapi.yaml), in Starlette.

Create, read, list and PATCH orders along `pending → paid → shipped → delivered`, with bearer JWTs
and scopes, RFC 9457 problems, request validation, 405s and idempotency keys. No payments: orders
stay where PATCH puts them. `defects` seeds faults for the suite to catch (see DEFECTS); the
`contract_target` fixture serves it and writes a target file for it.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import jwt
import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.conformance.fakes.fake_orders import Served

ISSUER = "fake-issuer"
PROBLEMS = "https://accord.dev/problems/"
STATUSES = ("pending", "paid", "shipped", "delivered")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
DEFECTS = {
    "skip_allowed": "PATCH may jump ahead (pending -> shipped)",
    "list_offset_ignored": "the list echoes offset but always starts at the first order",
    "crash_on_long_customer": "500 when customerId is longer than 32 characters",
    "items_as_text": "orders are returned with `items` as one string",
}
ITEM = {"type": "string", "minLength": 1, "maxLength": 64}
ORDER_CREATE = {
    "type": "object",
    "required": ["customerId", "items"],
    "properties": {
        "customerId": ITEM,
        "items": {"type": "array", "minItems": 1, "maxItems": 100, "items": ITEM},
        "paymentMethod": {"type": "string", "enum": ["card", "test_declined"]},
    },
}
STATUS_UPDATE = {
    "type": "object",
    "required": ["status"],
    "additionalProperties": False,
    "properties": {"status": {"type": "string", "enum": list(STATUSES[1:])}},
}
BOUNDS = {"limit": (1, 100, 20), "offset": (0, 10000, 0)}
JSON = "application/json"


class Problem(Exception):
    def __init__(self, name: str, status: int, detail: str, headers: dict | None = None) -> None:
        super().__init__(detail)
        self.name, self.status, self.detail, self.headers = name, status, detail, headers or {}

    def response(self) -> Response:
        body = {
            "type": PROBLEMS + self.name,
            "title": self.name.replace("_", " "),
            "status": self.status,
            "detail": self.detail[:1000],
        }
        return Response(
            json.dumps(body), self.status, self.headers, media_type="application/problem+json"
        )


def invalid(detail: str) -> Problem:
    return Problem("validation_error", 400, detail)


def now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class FakeOrdersContract:
    def __init__(self, public_key: bytes, defects: set[str]) -> None:
        self.public_key, self.defects = public_key, defects
        self.orders: dict[str, dict] = {}
        self.keys: dict[str, tuple[Any, Response]] = {}

    def authorize(self, request: Request, scope: str) -> None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise Problem("unauthorized", 401, "token required", {"WWW-Authenticate": "Bearer"})
        try:
            claims = jwt.decode(
                header[7:], self.public_key, algorithms=["RS256"], audience="orders", issuer=ISSUER
            )
        except jwt.PyJWTError as exc:
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            raise Problem("unauthorized", 401, "invalid token", challenge) from exc
        if scope not in str(claims.get("scope", "")).split():
            challenge = {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'}
            raise Problem("forbidden", 403, f"scope {scope} required", challenge)

    def shown(self, order: dict, status: int = 200, headers: dict | None = None) -> Response:
        if "items_as_text" in self.defects:
            order = {**order, "items": ",".join(order["items"])}
        return Response(json.dumps(order), status, headers, media_type=JSON)

    async def body(self, request: Request, schema: dict) -> Any:
        if request.headers.get("content-type", "").split(";")[0].strip() != JSON:
            raise Problem("unsupported_media_type", 415, "application/json required")
        try:
            data = json.loads((await request.body()).decode("utf-8"))
        except ValueError as exc:
            raise invalid("the body is not JSON") from exc
        errors = jsonschema.Draft4Validator(schema).iter_errors(data)
        error = jsonschema.exceptions.best_match(errors)
        if error is not None:
            raise invalid(error.message)
        return data

    def order(self, order_id: str) -> dict:
        if not UUID.match(order_id):
            raise invalid("id is not a lowercase UUID")
        if order_id not in self.orders:
            raise Problem("not_found", 404, f"order {order_id} does not exist")
        return self.orders[order_id]

    async def create(self, request: Request) -> Response:
        self.authorize(request, "orders.write")
        key = request.headers.get("idempotency-key")
        if key is not None and not 1 <= len(key) <= 255:
            raise invalid("Idempotency-Key must be 1..255 characters")
        data = await self.body(request, ORDER_CREATE)
        if "crash_on_long_customer" in self.defects and len(data["customerId"]) > 32:
            raise Problem("internal_error", 500, "unexpected fault")
        if key in self.keys:
            if self.keys[key][0] != data:
                raise Problem("idempotency_key_reused", 422, "key used with another body")
            return self.keys[key][1]
        stamp = now()
        order = {
            "id": str(uuid.uuid4()),
            "status": "pending",
            "customerId": data["customerId"],
            "items": data["items"],
            "paymentMethod": data.get("paymentMethod", "card"),
            "createdAt": stamp,
            "updatedAt": stamp,
        }
        self.orders[order["id"]] = order
        response = self.shown(order, 201, {"Location": f"/orders/{order['id']}"})
        if key is not None:
            self.keys[key] = (data, response)
        return response

    async def list(self, request: Request) -> Response:
        self.authorize(request, "orders.read")
        page = {name: self.bound(request, name, *limits) for name, limits in BOUNDS.items()}
        start = 0 if "list_offset_ignored" in self.defects else page["offset"]
        items = list(self.orders.values())[start : start + page["limit"]]
        if "items_as_text" in self.defects:
            items = [{**o, "items": ",".join(o["items"])} for o in items]
        body = {"items": items, **page, "total": len(self.orders)}
        return Response(json.dumps(body), 200, media_type=JSON)

    def bound(self, request: Request, name: str, low: int, high: int, default: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not re.fullmatch(r"-?[0-9]+", raw) or not low <= int(raw) <= high:
            raise invalid(f"{name} must be an integer in {low}..{high}")
        return int(raw)

    async def get(self, request: Request) -> Response:
        self.authorize(request, "orders.read")
        return self.shown(self.order(request.path_params["id"]))

    async def patch(self, request: Request) -> Response:
        self.authorize(request, "orders.write")
        order = self.order(request.path_params["id"])
        target = (await self.body(request, STATUS_UPDATE))["status"]
        step = STATUSES.index(target) - STATUSES.index(order["status"])
        if step != 1 and not (step > 1 and "skip_allowed" in self.defects):
            detail = f"cannot change status from {order['status']} to {target}"
            raise Problem("invalid_transition", 409, detail)
        order.update(status=target, updatedAt=now())
        return self.shown(order)

    def app(self) -> Starlette:
        routes = {
            ("/orders", "POST"): self.create,
            ("/orders", "GET"): self.list,
            ("/orders/{id}", "GET"): self.get,
            ("/orders/{id}", "PATCH"): self.patch,
        }

        def dispatch(path: str):
            allowed = ", ".join(sorted(m for p, m in routes if p == path))

            async def endpoint(request: Request) -> Response:
                handler = routes.get((path, request.method))
                try:
                    if handler is None:
                        detail = f"{request.method} not allowed"
                        raise Problem("method_not_allowed", 405, detail, {"Allow": allowed})
                    return await handler(request)
                except Problem as problem:
                    return problem.response()

            return endpoint

        methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
        paths = ("/orders", "/orders/{id}")
        return Starlette(routes=[Route(p, dispatch(p), methods=methods) for p in paths])


def served(public_key: bytes, defects: set[str]):
    """The fake under uvicorn on a free port."""
    return Served(FakeOrdersContract(public_key, defects).app())


@pytest.fixture
def contract_target(signing_key, key_file, tmp_path):
    """Start the fake with the given defects; returns a target file for it (bundled specs)."""
    public = signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    servers = []

    def start(*defects: str) -> Path:
        unknown = set(defects) - DEFECTS.keys()
        assert not unknown, f"unknown defects {unknown}"
        servers.append(served(public, set(defects)).__enter__())
        document = {
            "services": {"orders": {"base_url": servers[-1].url}},
            "tokens": {"mint": {"private_key_file": str(key_file), "issuer": ISSUER}},
            "timeouts": {"connect": 1, "request": 5},
        }
        path = tmp_path / "target.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        return path

    yield start
    for server in servers:
        server.__exit__(None, None, None)
