"""errors: every error is an RFC 9457 problem of the spec's Error schema, with the right type."""

from __future__ import annotations

from collections.abc import Callable

from conformance import openapi
from conformance.context import RunContext
from conformance.observations import HttpExchange, Operation
from conformance.registry import Subject
from conformance.subjects import operations_by_id, operations_with_body, secured_operations

REQUIRES = ("tokens",)

# What the suite does to each operation to make it answer with an error.
PROVOCATIONS = {
    "invalid_payload": operations_with_body,
    "unknown_id": operations_by_id,
    "no_token": secured_operations,
}


def provoked_errors(ctx: RunContext) -> list[Subject]:
    """Every (operation, provocation) pair: the subjects of the checks on problem documents."""
    return [
        Subject(f"{s.id}:{kind}", (kind, s.value))
        for kind, enumerate_ in PROVOCATIONS.items()
        for s in enumerate_(ctx)
    ]


def provoke(kind: str, ctx: RunContext, operation: Operation) -> HttpExchange:
    """Send the request meant to provoke `kind`, once per run (several checks judge it)."""
    return ctx.memo((kind, operation.label), lambda: _send(kind, ctx, operation))


def _send(kind: str, ctx: RunContext, operation: Operation) -> HttpExchange:
    base_url = ctx.target.services[operation.service].base_url
    if kind == "no_token":
        return ctx.http.send(base_url, operation, purpose="no token")
    token = ctx.tokens.token(operation.service, operation.scopes) if operation.secured else None
    if kind == "invalid_payload":
        body = openapi.invalid_sample(operation.request_schema)
        return ctx.http.send(base_url, operation, token=token, body=body, purpose="invalid payload")
    return ctx.http.send(base_url, operation, token=token, purpose="unknown id")


def observe_provoked(ctx: RunContext, subject: Subject) -> HttpExchange:
    kind, operation = subject.value
    return provoke(kind, ctx, operation)


def observe_as(kind: str) -> Callable[[RunContext, Subject], HttpExchange]:
    """An `observe` for operation subjects: the response to provocation `kind`."""
    return lambda ctx, subject: provoke(kind, ctx, subject.value)


def problem_type_name(exchange: HttpExchange) -> str | None:
    body = exchange.response.json()
    kind = body.get("type") if isinstance(body, dict) else None
    return kind.rsplit("/", 1)[-1] if isinstance(kind, str) else None
