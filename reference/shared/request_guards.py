"""ASGI guards that turn hostile requests into our problems before they reach a handler.

Each answers a client's mistake with a 4xx problem where the framework would otherwise crash
(500) or let it through: oversized header sections (431), a second `Authorization` header (400),
a body too large (413), an unrouted path (404), an unacceptable `Accept` (406), control
characters in a path parameter (400), a body without a documented `Content-Type` (415).
Two middlewares, one before routing and one after: each layer costs every request a pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.openapi_paths import template_parameters, template_regex
from reference.shared.problems import ApiProblem
from reference.shared.validation import field_error, invalid

MAX_HEADER_FIELDS = 100
MAX_HEADER_BYTES = 16 * 1024  # names and values of all fields together
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RequestLimitsMiddleware:
    """Before routing: the header section (431, a second `Authorization` 400) and the body's size
    (413 before reading a body larger than `max_bytes`), in one pass over the headers."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = check_headers(scope["headers"])
        if length is not None:
            if not length.isdigit():
                raise ApiProblem("validation_error", "Content-Length is not a number.")
            if int(length) > self.max_bytes:
                raise self._too_large()
            await self.app(scope, receive, send)
            return
        # Chunked body: read it here, within the limit, and replay it to the app.
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                raise self._too_large()
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        replay = iter(messages)

        async def receive_() -> Message:
            return next(replay, None) or await receive()

        await self.app(scope, receive_, send)

    def _too_large(self) -> ApiProblem:
        return ApiProblem("payload_too_large", f"The body exceeds {self.max_bytes} bytes.")


def check_headers(headers: Iterable[tuple[bytes, bytes]]) -> bytes | None:
    """Raise the problem a header section deserves, if any; else its `Content-Length`."""
    count = size = authorizations = 0
    length = None
    for name, value in headers:
        count += 1
        size += len(name) + len(value)
        lowered = name.lower()
        if lowered == b"authorization":
            authorizations += 1
        elif lowered == b"content-length":
            length = value
    if count > MAX_HEADER_FIELDS or size > MAX_HEADER_BYTES:
        raise headers_too_large()
    if authorizations > 1:
        raise invalid([field_error("header", "/Authorization", "more than one Authorization")])
    return length


def headers_too_large() -> ApiProblem:
    """The 431 problem (type validation_error: the contract's type set is closed)."""
    detail = (
        f"Request header fields too large: at most {MAX_HEADER_FIELDS} fields "
        f"and {MAX_HEADER_BYTES} bytes in all."
    )
    return ApiProblem("validation_error", detail, status=431)


class OperationGuardMiddleware:
    """After routing, before validation: what Connexion would let through or answer with a 500.

    - 404 not_found for a request the spec's router did not match: Flask's own router may still
      match it (a newline in a path parameter) and then fail outside Connexion's context;
    - 406 not_acceptable when `Accept` excludes every media type the operation produces;
    - 400 validation_error for a control character in a path parameter (`%0A`): routing takes
      it (`[^/]+` matches a newline, `$` matches before a final one), an id pattern too;
    - 415 unsupported_media_type for a body whose `Content-Type` is missing or not documented:
      without it the body skips validation and reaches the handler as bytes.
    """

    def __init__(
        self,
        app: ASGIApp,
        routes: Mapping[str, str],
        produces: Mapping[str, set[str]],
        consumes: Mapping[str, set[str]],
    ) -> None:
        self.app = app
        self.templates = {op: _parameter_pattern(path) for op, path in routes.items()}
        self.produces, self.consumes = produces, consumes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            operation = routing.get("operation_id")
            if not operation:
                raise ApiProblem("not_found", "No resource at this path.")
            headers = dict(scope["headers"])
            self._check_accept(operation, headers.get(b"accept"))
            if CONTROL.search(scope["path"]):
                self._check_path(operation, scope["path"])
            self._check_content_type(operation, headers)
        await self.app(scope, receive, send)

    def _check_accept(self, operation: str, accept: bytes | None) -> None:
        offered = self.produces.get(operation)
        if offered and accept is not None and not acceptable(accept.decode("latin-1"), offered):
            raise ApiProblem(
                "not_acceptable", f"This operation produces {', '.join(sorted(offered))}."
            )

    def _check_path(self, operation: str, path: str) -> None:
        pattern, names = self.templates.get(operation, (None, []))
        match = pattern.fullmatch(path.rstrip("/")) if pattern else None
        values = zip(names, match.groups(), strict=True) if match else ()
        bad = [name for name, value in values if CONTROL.search(value)]
        if not bad:
            raise ApiProblem("not_found", "No resource at this path.")
        raise invalid([field_error("path", f"/{n}", "holds a control character") for n in bad])

    def _check_content_type(self, operation: str, headers: Mapping[bytes, bytes]) -> None:
        accepted = self.consumes.get(operation)
        if not accepted or not _has_body(headers):
            return
        given = headers.get(b"content-type", b"").decode("latin-1")
        media = given.split(";", 1)[0].strip().lower()
        if media not in accepted:
            said = f"{media!r}" if media else "no Content-Type"
            raise ApiProblem(
                "unsupported_media_type",
                f"The body must be {', '.join(sorted(accepted))} (got {said}).",
            )


def acceptable(accept: str, offered: set[str]) -> bool:
    """True when some media range in `accept` (q > 0) matches one of `offered`."""
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        if any(p.replace(" ", "") in {"q=0", "q=0.0", "q=0.00", "q=0.000"} for p in params):
            continue
        kind, _, sub = media.lower().partition("/")
        for candidate in offered:
            c_kind, _, c_sub = candidate.partition("/")
            if kind == "*" or (kind == c_kind and sub in {"*", c_sub}):
                return True
    return False


def _parameter_pattern(template: str) -> tuple[re.Pattern[str], list[str]]:
    return re.compile(template_regex(template), re.DOTALL), template_parameters(template)


def _has_body(headers: Mapping[bytes, bytes]) -> bool:
    length = headers.get(b"content-length")
    return b"transfer-encoding" in headers or (length is not None and length.strip() not in {b"0"})
