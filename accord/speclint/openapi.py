"""Walks over an OpenAPI 3 document: operations, their security, and every place an example sits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from accord.openapi_paths import METHODS
from accord.speclint.loader import Document
from accord.speclint.problem import pointer

SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


class Example(NamedTuple):
    """An example value, where it is, the schema it must satisfy, and its direction."""

    value: Any
    at: str
    schema_at: str
    direction: str  # "request", "response" or "schema"


def operations(doc: Document) -> Iterator[tuple[str, dict]]:
    """Each operation as (pointer, operation object)."""
    for path, item in (doc.data.get("paths") or {}).items():
        for method in METHODS:
            if isinstance(item.get(method), dict):
                yield pointer("paths", path, method), item[method]


def security(doc: Document, operation: dict) -> list[dict]:
    """The operation's effective security requirements."""
    return operation.get("security", doc.data.get("security")) or []


def is_secured(doc: Document, operation: dict) -> bool:
    """True when some security requirement names a scheme."""
    return any(requirement for requirement in security(doc, operation))


def examples(doc: Document) -> Iterator[Example]:
    """Every example in the document: media types, parameters, headers and schemas."""
    for at, op in operations(doc):
        yield from _parameters(doc, op.get("parameters"), at + "/parameters")
        yield from _body(doc, op.get("requestBody"), at + "/requestBody")
        for code, response in (op.get("responses") or {}).items():
            yield from _response(doc, response, at + pointer("responses", code))
    for path, item in (doc.data.get("paths") or {}).items():
        yield from _parameters(doc, item.get("parameters"), pointer("paths", path, "parameters"))
    yield from _components(doc, doc.data.get("components") or {})


def _components(doc: Document, components: dict) -> Iterator[Example]:
    base = pointer("components")
    for name, schema in (components.get("schemas") or {}).items():
        yield from _schema(schema, base + pointer("schemas", name))
    for name, param in (components.get("parameters") or {}).items():
        yield from _holder(doc, param, base + pointer("parameters", name), "request")
    for name, body in (components.get("requestBodies") or {}).items():
        yield from _body(doc, body, base + pointer("requestBodies", name))
    for name, response in (components.get("responses") or {}).items():
        yield from _response(doc, response, base + pointer("responses", name))
    for name, header in (components.get("headers") or {}).items():
        yield from _holder(doc, header, base + pointer("headers", name), "response")


def _parameters(doc: Document, params: Any, at: str) -> Iterator[Example]:
    for index, param in enumerate(params or []):
        yield from _holder(doc, param, f"{at}/{index}", "request")


def _body(doc: Document, body: Any, at: str) -> Iterator[Example]:
    if isinstance(body, dict) and "$ref" not in body:
        yield from _content(doc, body.get("content"), at + "/content", "request")


def _response(doc: Document, response: Any, at: str) -> Iterator[Example]:
    if not isinstance(response, dict) or "$ref" in response:
        return
    yield from _content(doc, response.get("content"), at + "/content", "response")
    for name, header in (response.get("headers") or {}).items():
        yield from _holder(doc, header, at + pointer("headers", name), "response")


def _content(doc: Document, content: Any, at: str, direction: str) -> Iterator[Example]:
    for media_type, media in (content or {}).items():
        yield from _holder(doc, media, at + pointer(media_type), direction)


def _holder(doc: Document, holder: Any, at: str, direction: str) -> Iterator[Example]:
    """A media type, parameter or header: its own examples, then its schema's."""
    if not isinstance(holder, dict) or "$ref" in holder:
        return
    if "content" in holder:
        yield from _content(doc, holder["content"], at + "/content", direction)
    schema_at = at + "/schema"
    if "example" in holder:
        yield Example(holder["example"], at + "/example", schema_at, direction)
    for name, example in (holder.get("examples") or {}).items():
        value, value_at = doc.resolve(example, at + pointer("examples", name))
        if isinstance(value, dict) and "value" in value:
            yield Example(value["value"], value_at + "/value", schema_at, direction)
    yield from _schema(holder.get("schema"), schema_at)


def _schema(schema: Any, at: str) -> Iterator[Example]:
    """Examples of a schema and its inline sub-schemas (`$ref` targets are walked where defined)."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if "example" in schema:
        yield Example(schema["example"], at + "/example", at, "schema")
    for name, sub in (schema.get("properties") or {}).items():
        yield from _schema(sub, at + pointer("properties", name))
    for key in ("items", "additionalProperties", "not"):
        yield from _schema(schema.get(key), at + pointer(key))
    for key in SCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key) or []):
            yield from _schema(sub, at + pointer(key, index))
