"""Calls operations by id through the public API, each with a valid token of its scopes and a
fresh `traceparent` (used to set up pact provider states)."""

from __future__ import annotations

import json
import secrets
from typing import Any

from conformance import openapi
from conformance.observations import HttpExchange, HttpRequest, Operation
from conformance.registry import Declared, Violation

UNSET: Any = object()


def new_traceparent() -> tuple[str, str]:
    """A fresh W3C `traceparent` (sampled) and its trace id."""
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return f"00-{trace_id}-{span_id}-01", trace_id


class Caller:
    """Calls operations by id with a valid token of their scopes and a fresh `traceparent`."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def operation(self, service: str, operation_id: str) -> Operation:
        if service not in self.ctx.target.services:
            raise Declared(f"the target names no {service} service")
        for op in self.ctx.operations(service):
            if op.operation_id == operation_id:
                return op
        raise Declared(f"{service}'s OpenAPI declares no operation {operation_id}")

    def send(
        self, service: str, operation_id: str, *, body: Any = UNSET, resource: str | None = None
    ) -> tuple[HttpExchange, str]:
        """Send the call; returns the exchange and the trace id sent with it."""
        op = self.operation(service, operation_id)
        traceparent, trace_id = new_traceparent()
        headers = {"Accept": "application/json, application/problem+json"}
        headers["traceparent"] = traceparent
        token = self.ctx.tokens.token(service, op.scopes) if op.secured else None
        if token is not None:
            headers["Authorization"] = f"Bearer {token.value}"
        content = None
        if body is not UNSET:
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        url = self.ctx.target.services[service].base_url + openapi.path_for(op, resource)
        hint = token.hint if token else None
        answer = self.ctx.http.request(op.method, url, headers, content, hint)
        request = HttpRequest(op.method, url, headers, content, hint)
        return HttpExchange(request, answer, op, f"trace {trace_id}"), trace_id


def created_id(exchange: HttpExchange) -> str:
    """The `id` of the created resource; a Violation (the candidate's wrong answer to a setup
    call is its failure) when the call did not create one."""
    body = exchange.response.json()
    if exchange.response.status != 201 or not isinstance(body, dict) or "id" not in body:
        label = exchange.operation.label if exchange.operation else exchange.request.url
        raise Violation(
            f"setup call {label} answered {exchange.response.status}, not 201 with an id: "
            "nothing was created to judge",
            exchange.evidence(),
        )
    return str(body["id"])
