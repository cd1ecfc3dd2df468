"""Subject enumerators shared by families: which operations or services a check judges."""

from __future__ import annotations

from conformance.context import RunContext
from conformance.registry import Subject


def services(ctx: RunContext) -> list[Subject]:
    return [Subject(name, service) for name, service in ctx.target.services.items()]


def secured_operations(ctx: RunContext) -> list[Subject]:
    """Every operation whose OpenAPI `security` requires a bearer token."""
    return [Subject(op.label, op) for op in ctx.all_operations() if op.secured]


def scoped_operations(ctx: RunContext) -> list[Subject]:
    """Secured operations that name at least one scope."""
    return [s for s in secured_operations(ctx) if s.value.scopes]


def secured_writes(ctx: RunContext) -> list[Subject]:
    """Secured operations with an unsafe method (POST, PUT, PATCH, DELETE)."""
    return [s for s in scoped_operations(ctx) if s.value.writes]


def operations_with_body(ctx: RunContext) -> list[Subject]:
    """Operations taking a JSON body on a fixed path (no id that might be checked first)."""
    return [
        Subject(op.label, op)
        for op in ctx.all_operations()
        if op.request_schema is not None and "{" not in op.path
    ]


def operations_by_id(ctx: RunContext) -> list[Subject]:
    """Operations addressing one resource by a path parameter."""
    return [Subject(op.label, op) for op in ctx.all_operations() if "{" in op.path]
