"""JSON Schema helpers: validate a value against a schema inside a document, and word the errors."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import STRONG_MATCHES, WEAK_MATCHES, ValidationError, best_match
from jsonschema.protocols import Validator
from openapi_schema_validator import OAS30ReadValidator, OAS30Validator, OAS30WriteValidator
from referencing import Registry, Specification
from referencing.exceptions import Unresolvable

from accord.bundled import schema_path
from accord.speclint.loader import Document
from accord.speclint.problem import pointer

DOCUMENT_URI = "urn:accord:speclint:document"
MAX_MESSAGE = 160

# Keyed by direction: readOnly/writeOnly matter for request and response examples only.
OPENAPI_DIALECTS: dict[str, type[Validator]] = {
    "request": OAS30WriteValidator,
    "response": OAS30ReadValidator,
    "schema": OAS30Validator,
}
ASYNCAPI_DIALECT: type[Validator] = Draft7Validator


@cache
def bundled_schema(name: str) -> dict:
    """A JSON Schema shipped in `accord/schemas/`."""
    return json.loads(Path(schema_path(name)).read_text(encoding="utf-8"))


def schema_error(
    document: Document, schema_ptr: str, value: Any, dialect: type[Validator]
) -> str | None:
    """Why `value` fails the schema at `schema_ptr` in `document`, or None when it validates."""
    try:
        error = best_error(document, schema_ptr, value, dialect)
    except Unresolvable as exc:
        return f"unresolvable $ref {exc.ref!r}"
    return describe(error) if error is not None else None


def best_error(
    document: Document, schema_ptr: str, value: Any, dialect: type[Validator]
) -> ValidationError | None:
    """The most relevant error of `value` against the schema at `schema_ptr` (or Unresolvable)."""
    # The document is opaque to `referencing`: its `$ref`s are plain pointers into the whole file.
    resource = Specification.OPAQUE.create_resource(document.data)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    validator = dialect(
        {"$ref": f"{DOCUMENT_URI}#{schema_ptr}"},
        registry=registry,
        format_checker=dialect.FORMAT_CHECKER,
    )
    return best_match(validator.iter_errors(value))


def short_message(error: ValidationError) -> str:
    """The error's message, cut to a readable length (it may quote a whole instance)."""
    if error.validator in WEAK_MATCHES:
        # Their message starts with the whole instance, which the pointer already locates.
        return f"matches none of the {error.validator} alternatives"
    message = error.message
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 3] + "..."


def describe(error: ValidationError) -> str:
    """The error's message with the failing location inside the instance."""
    where = pointer(*error.absolute_path)
    return f"{short_message(error)} (at {where})" if where else short_message(error)


def deepest(error: ValidationError) -> ValidationError:
    """The most relevant sub-error of `error` (jsonschema's best match)."""
    return best_match([error], key=_relevance) or error


def _relevance(error: ValidationError) -> tuple:
    # jsonschema's own key, less its type test (some backends' errors lack a type checker), plus:
    # of the alternatives "Reference object" or "the real thing", the real thing explains better.
    weak = error.validator not in WEAK_MATCHES
    reference = error.validator == "required" and error.validator_value == ["$ref"]
    return (-len(error.path), error.path, weak, error.validator in STRONG_MATCHES, reference)
