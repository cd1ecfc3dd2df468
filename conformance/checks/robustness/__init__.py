"""robustness: a client's mistakes are never the server's error, and races keep their promises.

Black box and bounded: a small corpus of hostile bodies, paths and headers (`corpus.py`), sent
once each per operation they fit, must never be answered with a 5xx, and a 4xx must be an RFC 9457
problem (`application/problem+json` with a `type`). Concurrent creates that share one
`Idempotency-Key` (an operation whose spec declares that header) must make one resource and no
5xx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from conformance.observations import HttpExchange, HttpRequest, Operation
from conformance.registry import Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

REQUIRES = ("tokens",)
PROBLEM_JSON = "application/problem+json"


def send(
    ctx: RunContext,
    operation: Operation,
    *,
    path: str,
    content: bytes | None,
    headers: list[tuple[str, str]],
    purpose: str,
) -> HttpExchange:
    """One hostile request, with a valid token of the operation's scopes so the input is what the
    service judges (not the missing credential)."""
    token = ctx.tokens.token(operation.service, operation.scopes) if operation.secured else None
    sent = [("Accept", "application/json, application/problem+json"), *headers]
    if token is not None and not any(k.lower() == "authorization" for k, _ in headers):
        sent.append(("Authorization", f"Bearer {token.value}"))
    url = ctx.target.services[operation.service].base_url + path
    hint = token.hint if token is not None else None
    response = ctx.http.request(operation.method.upper(), url, sent, content, hint)
    request = HttpRequest(operation.method.upper(), url, _joined(sent), content, hint)
    return HttpExchange(request, response, operation, purpose)


def _joined(headers: list[tuple[str, str]]) -> dict[str, str]:
    """Headers for the evidence: repeated ones joined, huge values cut."""
    found: dict[str, str] = {}
    for name, value in headers:
        shown = value if len(value) <= 200 else f"{value[:200]}…[{len(value)} chars]"
        found[name] = f"{found[name]}, {shown}" if name in found else shown
    if len(found) > 40:
        extra = len(found) - 40
        found = dict(list(found.items())[:40]) | {"…": f"{extra} more headers"}
    return found


def expect_handled(exchange: HttpExchange) -> None:
    """No 5xx; a 4xx is a problem+json body with a `type` (the judgement of ROB-001..003)."""
    status = exchange.response.status
    if status >= 500:
        raise Violation(f"{exchange.purpose}: answered {status}, a client's mistake is a 4xx")
    if 400 <= status < 500:
        body = exchange.response.json()
        typed = isinstance(body, dict) and isinstance(body.get("type"), str)
        if exchange.response.media_type != PROBLEM_JSON or not typed:
            media = exchange.response.media_type or "no media type"
            raise Violation(f"{exchange.purpose}: {status} is not a problem ({media})")
