"""What a check judges: evidence gathered by the probes, as plain immutable records.

Each family has its observation type. The HTTP one is here (`HttpExchange`: what was sent, what came
back, and the operation of the spec it exercised); later families add theirs (an event as the raw
broker message plus the request that caused it, a set of log lines...). Every observation offers
`evidence()`: a JSON-ready dict for the reports, with secrets redacted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

REDACTED_KEEP = 10


def redact(secret: str) -> str:
    """A token shown as a hint: its first characters and its length, never the whole value."""
    if len(secret) <= REDACTED_KEEP:
        return "…[redacted]"
    return f"{secret[:REDACTED_KEEP]}…[redacted, {len(secret)} chars]"


@dataclass(frozen=True)
class Operation:
    """One OpenAPI operation as the suite reads it (see `conformance.openapi`)."""

    service: str
    method: str
    path: str
    operation_id: str
    scopes: tuple[str, ...] = ()
    secured: bool = False
    request_schema: dict[str, Any] | None = None
    request_example: Any = None
    problem_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.service}.{self.operation_id}"

    @property
    def writes(self) -> bool:
        return self.method.upper() not in {"GET", "HEAD", "OPTIONS"}

    def problem_schema(self, status: int) -> dict[str, Any] | None:
        """The documented problem+json schema for a status, else the `default` one."""
        return self.problem_schemas.get(str(status)) or self.problem_schemas.get("default")


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    token_hint: str | None = (
        None  # how the bearer token was made, e.g. "expired, scope orders.read"
    )


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass(frozen=True)
class HttpExchange:
    """One request the suite sent and the response it got."""

    request: HttpRequest
    response: HttpResponse
    operation: Operation | None = None
    purpose: str = ""  # what the request was meant to provoke, e.g. "expired token"

    def evidence(self) -> dict[str, Any]:
        req, resp = self.request, self.response
        headers = {k: _redact_header(k, v) for k, v in req.headers.items()}
        return {
            "kind": "http",
            "purpose": self.purpose,
            "operation": self.operation.label if self.operation else None,
            "request": {
                "method": req.method,
                "url": req.url,
                "headers": headers,
                "body": _text(req.body),
                "token_hint": req.token_hint,
            },
            "response": {
                "status": resp.status,
                "headers": dict(resp.headers),
                "body": _text(resp.body),
            },
        }


def _redact_header(name: str, value: str) -> str:
    if name.lower() != "authorization":
        return value
    scheme, _, credentials = value.partition(" ")
    return f"{scheme} {redact(credentials)}" if credentials else redact(value)


def _text(body: bytes | None, limit: int = 8000) -> str | None:
    if body is None:
        return None
    text = body.decode("utf-8", errors="replace")
    return text if len(text) <= limit else text[:limit] + f"…[{len(text) - limit} more chars]"


def exchange(
    status: int,
    body: Any = None,
    headers: dict[str, str] | None = None,
    operation: Operation | None = None,
    method: str = "GET",
    purpose: str = "",
) -> HttpExchange:
    """A hand-made exchange, for check examples."""
    raw = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    request = HttpRequest(method, "http://candidate.test/resource")
    return HttpExchange(request, HttpResponse(status, headers or {}, raw), operation, purpose)
