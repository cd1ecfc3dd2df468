"""Document validators: each document against the schema of its kind, before any cross-check."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for
from openapi_spec_validator import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)
from openapi_spec_validator.schemas.utils import get_schema_content
from openapi_spec_validator.shortcuts import get_validator_cls
from openapi_spec_validator.validation.exceptions import ValidatorDetectError

from accord.speclint.loader import Document, Service
from accord.speclint.problem import Problem, pointer
from accord.speclint.schemas import bundled_schema, deepest, short_message

ASYNCAPI_SCHEMA = "asyncapi-2.6.0.json"
MANIFEST_SCHEMA = "service-manifest.schema.json"

OPENAPI_SCHEMAS = {
    OpenAPIV2SpecValidator: "2.0",
    OpenAPIV30SpecValidator: "3.0",
    OpenAPIV31SpecValidator: "3.1",
    OpenAPIV32SpecValidator: "3.2",
}

Validate = Callable[[Document], Iterator[Problem]]


def validate_openapi(document: Document) -> Iterator[Problem]:
    """OpenAPI, with openapi-spec-validator."""
    try:
        validator_cls = get_validator_cls(document.data)
    except ValidatorDetectError:
        yield document.problem("", "not an OpenAPI document: missing or unsupported 'openapi'")
        return
    # Pure jsonschema, not the validator's Rust backend: its errors carry no sub-errors to explain.
    schema = get_schema_content(OPENAPI_SCHEMAS[validator_cls])
    meta_schema = validator_for(schema)(schema)
    shape = list(_problems(document, meta_schema.iter_errors(document.data)))
    shape = shape or list(dangling_refs(document))
    if shape:
        # The semantic checks below assume a well-formed document and may crash on others.
        yield from shape
        return
    try:
        yield from _problems(document, validator_cls(document.data).iter_errors())
    # The validator follows $refs itself and raises (not yields) on some broken references.
    except Exception as exc:
        yield document.problem("", f"OpenAPI validation stopped: {exc}")


def validate_asyncapi(document: Document) -> Iterator[Problem]:
    """AsyncAPI 2.6, against the official JSON Schema shipped with Accord."""
    validator = Draft7Validator(bundled_schema(ASYNCAPI_SCHEMA))
    yield from _problems(document, validator.iter_errors(document.data))
    yield from dangling_refs(document)


def dangling_refs(document: Document) -> Iterator[Problem]:
    """Every local `$ref` names a node of the document."""
    stack: list[tuple[Any, str]] = [(document.data, "")]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#") and document.at(ref[1:]) is None:
                yield document.problem(at + "/$ref", f"unresolvable $ref {ref!r}")
            stack.extend((value, at + pointer(key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, at + pointer(index)) for index, value in enumerate(node))


def validate_manifest(document: Document) -> Iterator[Problem]:
    """`service.yaml`, against Accord's service-manifest schema."""
    schema = bundled_schema(MANIFEST_SCHEMA)
    validator = validator_for(schema, default=Draft202012Validator)(schema)
    yield from _problems(document, validator.iter_errors(document.data))


def validate_log_schema(document: Document) -> Iterator[Problem]:
    """The log-record schema is a valid JSON Schema of the draft its `$schema` names."""
    schema = document.data
    if not isinstance(schema, dict):
        yield document.problem("", "a JSON Schema must be an object")
        return
    dialect = validator_for(schema, default=None) if "$schema" in schema else Draft202012Validator
    if dialect is None:
        yield document.problem(
            pointer("$schema"), f"unknown JSON Schema dialect {schema['$schema']!r}"
        )
        return
    yield from _problems(document, dialect(dialect.META_SCHEMA).iter_errors(schema))


def validate(services: list[Service]) -> None:
    """Validate every loaded document once, recording its problems on it."""
    pending: dict[Document, tuple[str, Validate]] = {}
    for service in services:
        pending[service.manifest] = ("DOC-MANIFEST", validate_manifest)
        if service.api is not None:
            pending[service.api] = ("DOC-OPENAPI", validate_openapi)
        if service.events is not None:
            pending[service.events] = ("DOC-ASYNCAPI", validate_asyncapi)
        if service.log_schema is not None:
            pending[service.log_schema] = ("DOC-LOGSCHEMA", validate_log_schema)
    for document, (check_id, validator) in pending.items():
        if document.data is not None:
            document.problems.extend(replace(p, check=check_id) for p in validator(document))


def _problems(document: Document, errors: Iterable[ValidationError]) -> Iterator[Problem]:
    for error in errors:
        best = deepest(error)
        yield document.problem(pointer(*best.absolute_path), short_message(best))
