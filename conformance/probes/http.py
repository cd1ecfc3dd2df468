"""Sends requests to the target's services and records each exchange, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from conformance import openapi
from conformance.observations import HttpExchange, HttpRequest, HttpResponse, Operation
from conformance.probes.tokens import Token
from conformance.registry import Subject

UNSET: Any = object()


class HttpProbe:
    """One HTTP client for the run."""

    def __init__(self, connect_timeout: float = 2, request_timeout: float = 10) -> None:
        timeout = httpx.Timeout(request_timeout, connect=connect_timeout)
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)

    def send(
        self,
        base_url: str,
        operation: Operation,
        *,
        token: Token | None = None,
        body: Any = UNSET,
        path: str | None = None,
        purpose: str = "",
    ) -> HttpExchange:
        """Call the operation (unknown ids by default) and record the exchange."""
        headers = {"Accept": "application/json, application/problem+json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token.value}"
        content = None
        if body is UNSET and operation.request_schema is not None:
            body = openapi.valid_body(operation)
        if body is not UNSET:
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        url = base_url + (path or openapi.path_for(operation))
        response = self.client.request(operation.method, url, headers=headers, content=content)
        request = HttpRequest(
            operation.method, url, headers, content, token.hint if token else None
        )
        answer = HttpResponse(response.status_code, dict(response.headers), response.content)
        return HttpExchange(request, answer, operation, purpose)

    def close(self) -> None:
        self.client.close()


def send_with_token(variant: str | None, scopes: str = "required") -> Callable[[Any, Subject], Any]:
    """An `observe` for operation subjects: call it with a token of this variant and scope set.

    `scopes`: "required" (the operation's own), "none", "other" (the service's other scopes) or
    "read" (the service's read scopes only)."""

    def observe(ctx: Any, subject: Subject) -> HttpExchange:
        operation: Operation = subject.value
        granted = ctx.scope_set(operation, scopes)
        token = None if variant is None else ctx.tokens.token(operation.service, granted, variant)
        purpose = f"{variant or 'no'} token, scope {' '.join(granted) or '(none)'}"
        base_url = ctx.target.services[operation.service].base_url
        return ctx.http.send(base_url, operation, token=token, purpose=purpose)

    return observe
