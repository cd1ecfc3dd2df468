"""Request parameters (path, query, header) of an HTTP interaction against the operation's list.

Pact carries every value as a string; each is read as its schema's type first (`"20"` for an
integer parameter is 20), as a server would, then validated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openapi_schema_validator import OAS30WriteValidator

from accord.pacts.model import HttpInteraction
from accord.pacts.validation import failure
from accord.speclint.loader import Document
from accord.speclint.problem import pointer

Finding = tuple[str, str]


def parameter_findings(
    document: Document,
    item_ptr: str,
    op_ptr: str,
    interaction: HttpInteraction,
    path_values: dict[str, str],
) -> Iterator[Finding]:
    """Missing required parameters and values their schemas refuse."""
    for (name, where), ptr in _parameters(document, item_ptr, op_ptr).items():
        spec = document.at(ptr)
        values = _values(interaction, name, where, path_values)
        if not values:
            if spec.get("required"):
                yield ptr, f"required {where} parameter {name!r} is missing"
            continue
        if "schema" not in spec:
            continue
        schema, _ = document.resolve(spec["schema"], ptr + "/schema")
        for value in values:
            found = failure(document, ptr + "/schema", _typed(value, schema), OAS30WriteValidator)
            if found is not None:
                yield found.pointer, f"{where} parameter {name}: {found.why}"


def _parameters(document: Document, item_ptr: str, op_ptr: str) -> dict[tuple[str, str], str]:
    """(name, in) -> pointer of the resolved parameter; operation-level ones override."""
    found: dict[tuple[str, str], str] = {}
    for owner in (item_ptr, op_ptr):
        for index, raw in enumerate(document.at(owner + "/parameters") or []):
            spec, ptr = document.resolve(raw, owner + pointer("parameters", index))
            if isinstance(spec, dict) and "name" in spec and "in" in spec:
                found[(str(spec["name"]), str(spec["in"]))] = ptr
    return found


def _values(
    interaction: HttpInteraction, name: str, where: str, path_values: dict[str, str]
) -> list[str]:
    if where == "path":
        return [path_values[name]] if name in path_values else []
    if where == "query":
        return interaction.query.get(name, [])
    if where == "header":
        return interaction.request.headers.get(name.lower(), [])
    return []  # cookies are not judged


def _typed(value: str, schema: Any) -> Any:
    kind = schema.get("type") if isinstance(schema, dict) else None
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value in {"true", "false"}:
        return value == "true"
    return value
