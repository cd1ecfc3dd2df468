"""ASGI guards that turn hostile requests into our problems before they reach a handler.

Each answers a client's mistake with a 4xx problem where the framework would otherwise crash
(500) or let it through: oversized header sections (431), a second `Authorization` header (400),
control characters in a path parameter (400), a body without a documented `Content-Type` (415).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from starlette.types import ASGIApp, Receive, Scope, Send

from reference.shared.problems import ApiProblem
from reference.shared.validation import field_error, invalid

MAX_HEADER_FIELDS = 100
MAX_HEADER_BYTES = 16 * 1024  # names and values of all fields together
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class HeaderGuardMiddleware:
    """431 for too many or too large header fields; 400 for more than one `Authorization`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            check_headers(scope["headers"])
        await self.app(scope, receive, send)


def check_headers(headers: Iterable[tuple[bytes, bytes]]) -> None:
    """Raise the problem a header section deserves, if any."""
    headers = list(headers)
    size = sum(len(name) + len(value) for name, value in headers)
    if len(headers) > MAX_HEADER_FIELDS or size > MAX_HEADER_BYTES:
        raise headers_too_large()
    if sum(1 for name, _ in headers if name.lower() == b"authorization") > 1:
        raise invalid([field_error("header", "/Authorization", "more than one Authorization")])


def headers_too_large() -> ApiProblem:
    """The 431 problem (type validation_error: the contract's type set is closed)."""
    detail = (
        f"Request header fields too large: at most {MAX_HEADER_FIELDS} fields "
        f"and {MAX_HEADER_BYTES} bytes in all."
    )
    return ApiProblem("validation_error", detail, status=431)


class PathControlMiddleware:
    """400 validation_error when a path parameter holds a control character (e.g. `%0A`).

    Routing matches them (`[^/]+` takes a newline, and `$` matches before a final newline, so an
    id pattern passes too), and they then reach the handler and the database.
    """

    def __init__(self, app: ASGIApp, routes: Mapping[str, str]) -> None:
        self.app = app
        self.templates = {op: _named_pattern(path) for op, path in routes.items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and CONTROL.search(scope["path"]):
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            pattern = self.templates.get(routing.get("operation_id") or "")
            match = pattern.fullmatch(scope["path"].rstrip("/")) if pattern else None
            bad = [n for n, v in (match.groupdict() if match else {}).items() if CONTROL.search(v)]
            if not bad:
                raise ApiProblem("not_found", "No resource at this path.")
            raise invalid([field_error("path", f"/{n}", "holds a control character") for n in bad])
        await self.app(scope, receive, send)


def _named_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{([^}/]+)\}", template)
    regex = "".join(f"(?P<{p}>[^/]+)" if i % 2 else re.escape(p) for i, p in enumerate(parts))
    return re.compile(regex, re.DOTALL)


class ContentTypeMiddleware:
    """415 unsupported_media_type for a body whose `Content-Type` is missing or not documented.

    Without it a body sent with no `Content-Type` skips validation and reaches the handler as
    bytes.
    """

    def __init__(self, app: ASGIApp, consumes: Mapping[str, set[str]]) -> None:
        self.app = app
        self.consumes = consumes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            accepted = self.consumes.get(routing.get("operation_id") or "")
            headers = dict(scope["headers"])
            if accepted and _has_body(headers):
                given = headers.get(b"content-type", b"").decode("latin-1")
                media = given.split(";", 1)[0].strip().lower()
                if media not in accepted:
                    said = f"{media!r}" if media else "no Content-Type"
                    raise ApiProblem(
                        "unsupported_media_type",
                        f"The body must be {', '.join(sorted(accepted))} (got {said}).",
                    )
        await self.app(scope, receive, send)


def _has_body(headers: Mapping[bytes, bytes]) -> bool:
    length = headers.get(b"content-length")
    return b"transfer-encoding" in headers or (length is not None and length.strip() not in {b"0"})
