"""An HTTP step: call the bound OpenAPI operation with the step's parameters and request body.

A valid token of the operation's scopes is sent when it is secured (the step may override the
`Authorization` header), and a fresh `traceparent`, so the events and log records the call causes
can be traced back to it.
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from conformance.flows.bindings import HttpBinding
from conformance.flows.expressions import Scope, resolve
from conformance.observations import HttpExchange, HttpRequest, StepResult

if TYPE_CHECKING:
    from conformance.context import RunContext

JSON = "application/json"


def new_traceparent() -> tuple[str, str]:
    """A fresh W3C `traceparent` (sampled) and its trace id."""
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return f"00-{trace_id}-{span_id}-01", trace_id


def call(
    ctx: RunContext,
    binding: HttpBinding,
    parameters: list[dict[str, Any]],
    raw: dict[str, Any],
    scope: Scope,
    result: StepResult,
) -> None:
    """Send the request, record the exchange on `result` and the response in `scope`."""
    op = binding.operation
    values = {(p["in"], p["name"]): resolve(p["value"], scope) for p in parameters}
    path = op.path
    for (where, name), value in values.items():
        if where == "path":
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
    query = {n: v for (w, n), v in values.items() if w == "query"}
    url = ctx.target.services[binding.service].base_url + path
    url += "?" + urlencode(query, doseq=True) if query else ""
    traceparent, result.trace_id = new_traceparent()
    headers = {"Accept": f"{JSON}, application/problem+json", "traceparent": traceparent}
    token = ctx.tokens.token(binding.service, op.scopes) if op.secured else None
    if token is not None:
        headers["Authorization"] = f"Bearer {token.value}"
    headers |= {n: str(v) for (w, n), v in values.items() if w == "header"}
    content, media = _body(raw.get("requestBody"), scope)
    if content is not None:
        headers["Content-Type"] = media
    hint = token.hint if token is not None else None
    response = ctx.http.request(op.method.upper(), url, headers, content, hint)
    request = HttpRequest(op.method.upper(), url, headers, content, hint)
    result.exchange = HttpExchange(request, response, op, f"flow step {result.step}")
    scope.status_code, scope.method, scope.url = response.status, op.method.upper(), url
    scope.request = {
        "header": headers,
        "query": query,
        "path": {n: v for (w, n), v in values.items() if w == "path"},
        "body": _json(content),
    }
    scope.response = {"header": dict(response.headers), "body": _json(response.body)}


def _body(request_body: dict[str, Any] | None, scope: Scope) -> tuple[bytes | None, str]:
    if not request_body or "payload" not in request_body:
        return None, JSON
    media = str(request_body.get("contentType", JSON))
    payload = resolve(request_body["payload"], scope)
    for replacement in request_body.get("replacements") or []:
        payload = _replace(
            payload, str(replacement["target"]), resolve(replacement["value"], scope)
        )
    if isinstance(payload, str) and not media.endswith("json"):
        return payload.encode(), media
    return json.dumps(payload).encode(), media


def _replace(payload: Any, pointer: str, value: Any) -> Any:
    """Set the value at a JSON pointer (the default target type for JSON bodies)."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not tokens:
        return value
    holder = payload
    for token in tokens[:-1]:
        holder = holder[int(token)] if isinstance(holder, list) else holder.setdefault(token, {})
    last = tokens[-1]
    if isinstance(holder, list):
        holder[int(last)] = value
    else:
        holder[last] = value
    return payload


def _json(content: bytes | None) -> Any:
    if content is None:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", errors="replace")
