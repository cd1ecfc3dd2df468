"""LINT-005: every example in an OpenAPI or AsyncAPI document satisfies its schema."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from accord.speclint import asyncapi, openapi
from accord.speclint.loader import Document, Service
from accord.speclint.problem import Problem
from accord.speclint.registry import check
from accord.speclint.schemas import ASYNCAPI_DIALECT, OPENAPI_DIALECTS, schema_error


@check("LINT-005", "every example (media type, parameter, schema, message payload) validates")
def examples_validate(services: list[Service]) -> Iterator[Problem]:
    """Request examples are read as a client writes them, response examples as a server does."""
    for api in _usable(s.api for s in services):
        yield from _openapi_examples(api)
    for events in _usable(s.events for s in services):
        yield from _asyncapi_examples(events)


def _usable(documents: Iterable[Document | None]) -> list[Document]:
    """The valid documents, each once, in order."""
    return list(dict.fromkeys(d for d in documents if d is not None and d.ok))


def _openapi_examples(api: Document) -> Iterator[Problem]:
    for example in openapi.examples(api):
        if api.at(example.schema_at) is None:
            continue
        dialect = OPENAPI_DIALECTS[example.direction]
        error = schema_error(api, example.schema_at, example.value, dialect)
        if error:
            yield api.problem(example.at, f"example does not match its schema: {error}")


def _asyncapi_examples(events: Document) -> Iterator[Problem]:
    for message in asyncapi.defined_messages(events):
        schema_at = message.at + "/payload"
        if events.at(schema_at) is None:
            continue
        for value, at in message.examples():
            error = schema_error(events, schema_at, value, ASYNCAPI_DIALECT)
            if error:
                yield events.problem(at, f"example does not match its payload schema: {error}")
