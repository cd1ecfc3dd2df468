"""A tiny independent orders-shaped candidate (Starlette + PyJWT) with defects to switch on.

Healthy, it honours `specs/orders/openapi.yaml` beside it: bearer JWTs (RS256, issuer, audience
`orders`, exp/nbf), scopes, RFC 9457 problems. `defects` seeds faults for the suite to catch.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from pathlib import Path

import jwt
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SPECS = Path(__file__).parent / "specs"
ISSUER = "fake-issuer"
PROBLEMS = "https://accord.dev/problems/"
DEFECTS = {"scope_not_enforced", "wrong_problem_type"}


def problem(name: str, status: int, title: str, headers: dict | None = None) -> Response:
    body = {"type": PROBLEMS + name, "title": title, "status": status}
    return Response(json.dumps(body), status, headers, media_type="application/problem+json")


class FakeOrders:
    def __init__(self, public_key: bytes, defects: set[str]) -> None:
        self.public_key = public_key
        self.defects = defects
        self.orders: dict[str, dict] = {}

    def authorize(self, request: Request, scope: str) -> Response | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return problem("unauthorized", 401, "Unauthorized", {"WWW-Authenticate": "Bearer"})
        try:
            claims = jwt.decode(
                header[7:],
                self.public_key,
                algorithms=["RS256"],
                audience="orders",
                issuer=ISSUER,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError:
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            return problem("unauthorized", 401, "Unauthorized", challenge)
        if (
            scope not in claims.get("scope", "").split()
            and "scope_not_enforced" not in self.defects
        ):
            challenge = {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'}
            return problem("forbidden", 403, "Forbidden", challenge)
        return None

    async def create(self, request: Request) -> Response:
        if refused := self.authorize(request, "orders.write"):
            return refused
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        if not isinstance(body, dict) or not {"customerId", "items"} <= body.keys():
            name = "bad_request" if "wrong_problem_type" in self.defects else "validation_error"
            return problem(name, 400, "Validation error")
        order = {"id": str(uuid.uuid4()), "status": "pending", **body}
        self.orders[order["id"]] = order
        return JSONResponse(order, 201)

    async def get(self, request: Request) -> Response:
        if refused := self.authorize(request, "orders.read"):
            return refused
        order = self.orders.get(request.path_params["id"])
        return JSONResponse(order) if order else problem("not_found", 404, "Not found")

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/orders", self.create, methods=["POST"]),
                Route("/orders/{id}", self.get, methods=["GET"]),
            ]
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """The app under uvicorn in a daemon thread, on a free port."""

    def __init__(self, app: Starlette) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
