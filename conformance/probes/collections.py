"""The target's collections as its specs declare them, for judging paging and bounds.

A *paged collection* is a GET operation with integer query parameters `limit` and `offset` whose
200 response holds `items` and `total` (the paging convention of docs/contracts.md). Calls go
through the run's HTTP probe with a valid token of the operation's scopes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conformance import openapi
from conformance.observations import HttpExchange, Operation

if TYPE_CHECKING:
    from conformance.context import RunContext

PAGING = ("limit", "offset")


def query_schemas(ctx: RunContext, operation: Operation) -> dict[str, dict[str, Any]]:
    """The operation's query parameters and their schemas, as its spec declares them."""
    return openapi.parameters(ctx.target.services[operation.service].specs, operation, "query")


def paged(ctx: RunContext) -> list[Operation]:
    """Every paged collection of every service."""
    found = []
    for op in ctx.all_operations():
        if op.method.upper() != "GET" or "{" in op.path:
            continue
        schemas = query_schemas(ctx, op)
        if all(schemas.get(name, {}).get("type") == "integer" for name in PAGING):
            found.append(op)
    return found


def call(ctx: RunContext, operation: Operation, query: str = "", purpose: str = "") -> HttpExchange:
    """GET the collection with this query string."""
    token = ctx.tokens.token(operation.service, operation.scopes) if operation.secured else None
    base = ctx.target.services[operation.service].base_url
    path = operation.path + (f"?{query}" if query else "")
    return ctx.http.send(base, operation, token=token, path=path, purpose=purpose)
