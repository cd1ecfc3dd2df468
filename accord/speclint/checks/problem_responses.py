"""LINT-004: error responses are RFC 9457 problems with the shared Error schema."""

from __future__ import annotations

from collections.abc import Iterator

from accord.speclint.loader import Document, Service
from accord.speclint.openapi import operations
from accord.speclint.problem import Problem, pointer
from accord.speclint.registry import check

PROBLEM_JSON = "application/problem+json"
ERROR_SCHEMA = "#/components/schemas/Error"


@check("LINT-004", f"every 4xx/5xx/default response is {PROBLEM_JSON} only, schema {ERROR_SCHEMA}")
def error_responses_are_problems(services: list[Service]) -> Iterator[Problem]:
    """Each error response, after `$ref`s, is checked once, where it is defined."""
    for service in services:
        api = service.api
        if api is None or not api.ok:
            continue
        for at, response in error_responses(api).items():
            yield from _problem_content(api, response, at)


def is_error(code: str) -> bool:
    """True for `default` and the 4xx/5xx codes and ranges."""
    return code == "default" or code[:1] in ("4", "5")


def error_responses(api: Document) -> dict[str, dict]:
    """The error responses of all operations, after `$ref`s, by the pointer defining each."""
    found: dict[str, dict] = {}
    for op_at, operation in operations(api):
        for code, response in (operation.get("responses") or {}).items():
            if is_error(str(code)):
                body, at = api.resolve(response, op_at + pointer("responses", code))
                if isinstance(body, dict):
                    found[at] = body
    return found


def _problem_content(api: Document, response: dict, at: str) -> Iterator[Problem]:
    content = response.get("content") or {}
    if PROBLEM_JSON not in content:
        yield api.problem(at + "/content", f"error response has no {PROBLEM_JSON} content")
    for media_type in content:
        if media_type != PROBLEM_JSON:
            message = f"error response offers {media_type}; only {PROBLEM_JSON} is allowed"
            yield api.problem(at + pointer("content", media_type), message)
    schema = (content.get(PROBLEM_JSON) or {}).get("schema")
    if PROBLEM_JSON in content and (schema or {}).get("$ref") != ERROR_SCHEMA:
        message = f"problem schema must be {{$ref: {ERROR_SCHEMA!r}}}"
        yield api.problem(at + pointer("content", PROBLEM_JSON, "schema"), message)
