"""Validate an example value against a schema inside a spec document, locating the failing keyword.

The report names the failing keyword's own place in the document (e.g. `/components/schemas/
Payment/required`), found by replaying the error's schema path through the document's `$ref`s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jsonschema.protocols import Validator
from referencing.exceptions import Unresolvable

from accord.speclint.loader import Document
from accord.speclint.problem import pointer
from accord.speclint.schemas import best_error, describe


@dataclass(frozen=True)
class SchemaFailure:
    """Why a value fails, and the pointer of the failing keyword in the document."""

    pointer: str
    why: str


def failure(
    document: Document, schema_ptr: str, value: Any, dialect: type[Validator]
) -> SchemaFailure | None:
    """The most relevant failure of `value` against the schema at `schema_ptr`, or None."""
    try:
        error = best_error(document, schema_ptr, value, dialect)
    except Unresolvable as exc:
        return SchemaFailure(schema_ptr, f"unresolvable $ref {exc.ref!r}")
    if error is None:
        return None
    return SchemaFailure(
        keyword_pointer(document, schema_ptr, list(error.absolute_schema_path)), describe(error)
    )


def keyword_pointer(document: Document, start: str, schema_path: list[Any]) -> str:
    """Replay a jsonschema schema path from the schema at `start` over the document.

    jsonschema leaves `$ref` out of schema paths, so every schema on the way is resolved first
    (in OpenAPI 3.0 and draft 7 a `$ref` replaces its siblings, so this is the schema applied)."""
    current = start
    for step in schema_path:
        _, current = document.resolve(document.at(current), current)
        current += pointer(step)
    return current
