"""Sends requests to the target's services and records each exchange, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from conformance import openapi
from conformance.observations import HttpExchange, HttpRequest, HttpResponse, Operation
from conformance.probes.tokens import Token
from conformance.registry import SetupFailed, Subject

if TYPE_CHECKING:
    from conformance.context import RunContext

UNSET: Any = object()


class HttpProbe:
    """One HTTP client for the run, which stops calling a service once it has stopped answering.

    A service that refused a connection or let a request time out is marked down: every later
    call to it fails at once with the first failure's cause, so a dead candidate costs one
    timeout, not one per check (and the report says the cause once, not once per retry).
    """

    def __init__(self, connect_timeout: float = 2, request_timeout: float = 10) -> None:
        timeout = httpx.Timeout(request_timeout, connect=connect_timeout)
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)
        self.down: dict[str, str] = {}  # origin -> why it stopped answering

    def request(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | list[tuple[str, str]],
        content: bytes | None,
        hint: str | None,
    ) -> HttpResponse:
        """Send one request; SetupFailed (with the request) when the service does not answer.
        Headers may be a list of pairs, to send one name twice."""
        sent = HttpRequest(method, url, dict(headers), content, hint)
        origin = str(httpx.URL(url).copy_with(path="/", query=None, fragment=None))
        if origin in self.down:
            raise SetupFailed(self.down[origin], _unanswered(sent, self.down[origin]))
        try:
            response = self.client.request(method, url, headers=headers, content=content)
        except httpx.TransportError as exc:
            why = f"{origin} stopped answering: {type(exc).__name__} on {method} {url}"
            if isinstance(exc, httpx.ConnectError | httpx.TimeoutException):
                self.down[origin] = why
            raise SetupFailed(why, _unanswered(sent, f"{type(exc).__name__}: {exc}")) from exc
        return HttpResponse(response.status_code, dict(response.headers), response.content)

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
        hint = token.hint if token else None
        answer = self.request(operation.method, url, headers, content, hint)
        request = HttpRequest(operation.method, url, headers, content, hint)
        return HttpExchange(request, answer, operation, purpose)

    def close(self) -> None:
        self.client.close()


def _unanswered(request: HttpRequest, error: str) -> dict[str, Any]:
    """Evidence of a request that got no response: the request, and what happened instead."""
    evidence = HttpExchange(request, HttpResponse(0)).evidence()
    return {**evidence, "response": None, "transport_error": error}


def send_with_token(variant: str | None, scopes: str = "required") -> Callable[[Any, Subject], Any]:
    """An `observe` for operation subjects: call it with a token of this variant and scope set.

    `scopes`: "required" (the operation's own), "none", "other" (the service's other scopes) or
    "read" (the service's read scopes only)."""

    def observe(ctx: RunContext, subject: Subject) -> HttpExchange:
        operation: Operation = subject.value
        granted = ctx.scope_set(operation, scopes)
        token = None if variant is None else ctx.tokens.token(operation.service, granted, variant)
        purpose = f"{variant or 'no'} token, scope {' '.join(granted) or '(none)'}"
        base_url = ctx.target.services[operation.service].base_url
        return ctx.http.send(base_url, operation, token=token, purpose=purpose)

    return observe
