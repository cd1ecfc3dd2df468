"""The Inventory HTTP API (`specs/inventory/openapi.yaml`) as a Starlette app.

Every operation needs an RS256 bearer JWT of the configured issuer, audience `inventory`, whose
`scope` claim holds the operation's scope; every error is an RFC 9457 problem. The W3C
`traceparent` a request carries is the trace of the events and log lines it causes.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

import jwt
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from inventory_service.stock import SERVICE, InvalidTransition, Inventory, NotFound

PROBLEMS = "https://warehouse.example/problems/"
PROBLEM_JSON = "application/problem+json"
TITLES = {
    "validation_error": "Request is not valid",
    "unauthorized": "Authentication required",
    "forbidden": "Insufficient scope",
    "not_found": "Not found",
    "method_not_allowed": "Method not allowed",
    "invalid_transition": "Invalid status transition",
    "internal_error": "Internal server error",
}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SKU = re.compile(r"^sku-[a-z0-9-]+$")
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")
READ, WRITE = "inventory.read", "inventory.write"
INVALID_TOKEN = 'Bearer error="invalid_token"'


class Problem(Exception):
    def __init__(self, name: str, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.name, self.status, self.detail, self.extra = name, status, detail, extra

    def response(self, request: Request, headers: dict[str, str] | None = None) -> Response:
        body = {"type": PROBLEMS + self.name, "title": TITLES[self.name], "status": self.status}
        body |= {"detail": self.detail, "instance": request.url.path} | self.extra
        return Response(json.dumps(body), self.status, headers, media_type=PROBLEM_JSON)


class Unauthorized(Problem):
    def __init__(self, detail: str, challenge: str) -> None:
        super().__init__("unauthorized", 401, detail)
        self.challenge = challenge


class Forbidden(Problem):
    def __init__(self, scope: str) -> None:
        super().__init__("forbidden", 403, f"The token lacks the scope {scope}.")
        self.challenge = f'Bearer error="insufficient_scope", scope="{scope}"'


def create_app(inventory: Inventory, public_key: bytes, issuer: str) -> Starlette:
    """The API over `inventory`, trusting tokens signed by `public_key` (PEM) for `issuer`."""

    def authorize(request: Request, scope: str) -> None:
        header = request.headers.get("authorization", "")
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer" or not token:
            raise Unauthorized("A valid bearer token is required.", 'Bearer realm="inventory"')
        try:
            claims = jwt.decode(
                token.strip(),
                public_key,
                algorithms=["RS256"],
                audience=SERVICE,
                issuer=issuer,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The bearer token is invalid: {exc}.", INVALID_TOKEN) from exc
        if scope not in str(claims.get("scope", "")).split():
            raise Forbidden(scope)

    async def create_reservation(request: Request) -> Response:
        authorize(request, WRITE)
        body = await json_body(request)
        reservation = inventory.reserve(
            body["sku"], body["quantity"], body.get("orderRef"), trace_of(request)
        )
        location = {"Location": f"/reservations/{reservation['id']}"}
        return JSONResponse(reservation, 201, location)

    async def get_reservation(request: Request) -> Response:
        authorize(request, READ)
        return JSONResponse(inventory.reservation(reservation_id(request)))

    async def release_reservation(request: Request) -> Response:
        authorize(request, WRITE)
        return JSONResponse(inventory.release(reservation_id(request), trace_of(request)))

    async def get_stock_level(request: Request) -> Response:
        authorize(request, READ)
        sku = request.path_params["sku"]
        if not SKU.match(sku) or len(sku) > 64:
            raise invalid("path", "/sku", f"{sku!r} is not a SKU (sku-...)")
        return JSONResponse(inventory.stock(sku))

    routes = [
        Route("/reservations", create_reservation, methods=["POST"]),
        Route("/reservations/{id}", get_reservation, methods=["GET"]),
        Route("/reservations/{id}/release", release_reservation, methods=["POST"]),
        Route("/stock/{sku}", get_stock_level, methods=["GET"]),
    ]
    handlers = {
        Problem: problem_response,
        NotFound: lambda r, e: Problem("not_found", 404, str(e)).response(r),
        InvalidTransition: lambda r, e: Problem("invalid_transition", 409, str(e)).response(r),
        HTTPException: http_error,
        Exception: lambda r, e: Problem("internal_error", 500, "An error occurred.").response(r),
    }
    return Starlette(routes=routes, exception_handlers=handlers)


def problem_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    challenge = getattr(exc, "challenge", None)
    return exc.response(request, {"WWW-Authenticate": challenge} if challenge else None)


def http_error(request: Request, exc: Exception) -> Response:
    """Unknown routes and methods, as problems."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        detail = f"The method {request.method} is not allowed for {request.url.path}."
        problem = Problem("method_not_allowed", 405, detail)
        return problem.response(request, dict(exc.headers or {}))
    return Problem("not_found", 404, f"No resource at {request.url.path}.").response(request)


def invalid(location: str, pointer: str, detail: str) -> Problem:
    error = {"location": location, "pointer": pointer, "detail": detail}
    return Problem("validation_error", 400, "The request is invalid.", errors=[error])


def reservation_id(request: Request) -> str:
    value = request.path_params["id"]
    if not UUID.match(value):
        raise invalid("path", "/id", f"{value!r} is not a lowercase UUID")
    return str(value)


async def json_body(request: Request) -> dict[str, Any]:
    """The ReservationCreate body, checked field by field (unknown fields ignored)."""
    try:
        body = json.loads(await request.body())
    except ValueError as exc:
        raise invalid("body", "", "the body is not JSON") from exc
    if not isinstance(body, dict):
        raise invalid("body", "", "the body must be a JSON object")
    errors = []
    sku = body.get("sku")
    if not (isinstance(sku, str) and SKU.match(sku) and 5 <= len(sku) <= 64):
        errors.append({"location": "body", "pointer": "/sku", "detail": f"{sku!r} is no SKU"})
    quantity = body.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 1000:
        detail = f"{quantity!r} is not an integer from 1 to 1000"
        errors.append({"location": "body", "pointer": "/quantity", "detail": detail})
    ref = body.get("orderRef")
    if "orderRef" in body and not (isinstance(ref, str) and 1 <= len(ref) <= 64):
        detail = f"{ref!r} is not a string of 1 to 64 characters"
        errors.append({"location": "body", "pointer": "/orderRef", "detail": detail})
    if errors:
        raise Problem("validation_error", 400, "The request is invalid.", errors=errors)
    return body


def trace_of(request: Request) -> str:
    """The trace id of the request's `traceparent`, else a new trace."""
    match = TRACEPARENT.match(request.headers.get("traceparent", ""))
    return match.group(1) if match else secrets.token_hex(16)
