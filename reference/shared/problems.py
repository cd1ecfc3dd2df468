"""The problem types of `specs/` (RFC 9457) and the responses that carry them."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from connexion.exceptions import NonConformingResponse, ProblemException
from connexion.lifecycle import ConnexionResponse
from starlette.exceptions import HTTPException

logger = logging.getLogger(__name__)

PROBLEM_BASE = "https://accord.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    """One entry of the problem type set: a name, its HTTP status and its fixed title."""

    name: str
    status: int
    title: str

    @property
    def uri(self) -> str:
        """The `type` URI of this problem."""
        return PROBLEM_BASE + self.name


PROBLEM_TYPES: dict[str, ProblemType] = {
    p.name: p
    for p in (
        ProblemType("validation_error", 400, "Request is not valid"),
        ProblemType("unauthorized", 401, "Authentication required"),
        ProblemType("forbidden", 403, "Insufficient scope"),
        ProblemType("not_found", 404, "Not found"),
        ProblemType("method_not_allowed", 405, "Method not allowed"),
        ProblemType("not_acceptable", 406, "Not acceptable"),
        ProblemType("invalid_transition", 409, "Invalid status transition"),
        ProblemType("payload_too_large", 413, "Payload too large"),
        ProblemType("unsupported_media_type", 415, "Unsupported media type"),
        ProblemType("idempotency_key_reused", 422, "Idempotency key reused"),
        ProblemType("internal_error", 500, "Internal server error"),
        ProblemType("service_unavailable", 503, "Service unavailable"),
    )
}

# Framework statuses with no problem type of their own fall back to the nearest documented one,
# so the body always matches the spec's Error schema and the status line matches the body.
_BY_STATUS = {p.status: p for p in PROBLEM_TYPES.values()}


def problem_for_status(status: int) -> ProblemType:
    """The problem type to report for an HTTP status produced by the framework."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return PROBLEM_TYPES["validation_error" if status < 500 else "internal_error"]


def problem(
    status: int,
    name: str,
    detail: str | None = None,
    errors: Iterable[Mapping[str, str]] | None = None,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> ConnexionResponse:
    """An `application/problem+json` response of the named problem type."""
    kind = PROBLEM_TYPES[name]
    body: dict[str, Any] = {"type": kind.uri, "title": kind.title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = [dict(e) for e in errors]
    return ConnexionResponse(
        status_code=status,
        mimetype=PROBLEM_MEDIA_TYPE,
        content_type=PROBLEM_MEDIA_TYPE,
        body=json.dumps(body),
        headers=dict(headers or {}),
    )


def check_against_spec(spec: Mapping[str, Any]) -> None:
    """Fail fast when the spec's Error `type` enum and this table disagree."""
    schema = spec.get("components", {}).get("schemas", {}).get("Error", {})
    allowed = schema.get("properties", {}).get("type", {}).get("enum")
    if not allowed:
        return
    ours = {p.uri for p in PROBLEM_TYPES.values()}
    if set(allowed) != ours:
        raise ValueError(
            "problem types differ from the spec's Error.type enum: "
            f"only in spec {sorted(set(allowed) - ours)}, only here {sorted(ours - set(allowed))}"
        )


class ApiProblem(ProblemException):
    """Raise anywhere in a request to answer with one of our problem types."""

    def __init__(
        self,
        name: str,
        detail: str | None = None,
        *,
        errors: Iterable[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        """`status`: another status than the type's own, e.g. 431 for validation_error."""
        kind = PROBLEM_TYPES[name]
        super().__init__(
            status=status or kind.status, title=kind.title, detail=detail, headers=headers
        )
        self.name = name
        self.errors = list(errors) if errors is not None else None

    def to_problem(self) -> ConnexionResponse:
        """The problem+json response for this exception."""
        return problem(self.status, self.name, self.detail, self.errors, headers=self.headers)


def _framework_problem(request: Any, exc: Exception) -> ConnexionResponse:
    """Connexion/Starlette HTTP errors (404, 405, 415, connexion's 400/401/403...) as our types."""
    status = getattr(exc, "status_code", 500)
    kind = problem_for_status(status)
    headers = dict(getattr(exc, "headers", None) or {})
    if isinstance(exc, NonConformingResponse):
        # The handler broke the contract: say so in the log, not to the client.
        logger.error("response does not conform to the spec: %s", exc.detail)
        return problem(500, "internal_error", "The server produced an invalid response.")
    if kind.status >= 500:
        logger.error("framework error %s: %r", status, exc)
        return problem(kind.status, kind.name, "The server could not handle the request.")
    errors = None
    detail = getattr(exc, "detail", None)
    if detail == "RequestBody is required":
        errors = [{"location": "body", "pointer": "", "detail": "a request body is required"}]
    if kind.status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    detail = detail if isinstance(detail, str) else None
    return problem(kind.status, kind.name, detail, errors, headers=_safe_headers(headers))


def _api_problem(request: Any, exc: ApiProblem) -> ConnexionResponse:
    if exc.status >= 500:
        logger.error("problem %s: %s", exc.name, exc.detail)
    return exc.to_problem()


def _unhandled(request: Any, exc: Exception) -> ConnexionResponse:
    """Any other exception: 500 internal_error; the trace goes to the log, never the body."""
    logger.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "internal_error", "The server could not handle the request.")


def _safe_headers(headers: Mapping[str, str]) -> dict[str, str]:
    # Content-Length/Type of the original error response must not leak onto ours.
    return {k: v for k, v in headers.items() if k.lower() not in {"content-length", "content-type"}}


async def handle_api_problem(request: Any, exc: Exception) -> ConnexionResponse:
    """Error handler for ApiProblem (async: runs in the request's trace context)."""
    assert isinstance(exc, ApiProblem)
    return _api_problem(request, exc)


async def handle_http_error(request: Any, exc: Exception) -> ConnexionResponse:
    """Error handler for framework HTTP exceptions."""
    return _framework_problem(request, exc)


async def handle_unexpected(request: Any, exc: Exception) -> ConnexionResponse:
    """Error handler for any other exception."""
    return _unhandled(request, exc)


def install_error_handlers(app: Any) -> None:
    """Register the handlers on a Connexion app so every error is one of our problem types."""
    # Class handlers win over Connexion's defaults; the most specific class matches first.
    app.add_error_handler(ApiProblem, handle_api_problem)
    app.add_error_handler(ProblemException, handle_http_error)
    app.add_error_handler(HTTPException, handle_http_error)
    app.add_error_handler(Exception, handle_unexpected)
