"""An HTTP interaction against the provider's OpenAPI 3.0: request first, then response.

A status is documented when the operation lists it (or its `4XX`-style range); `default` covers
error statuses (4xx, 5xx) only, since it stands for the framework's errors in our contracts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

from accord.openapi_paths import METHODS, template_parameters, template_regex
from accord.pacts.model import NO_BODY, HttpInteraction, HttpMessage
from accord.pacts.parameters import parameter_findings
from accord.pacts.recorded import recorded
from accord.pacts.validation import SchemaFailure, failure
from accord.speclint.loader import Document
from accord.speclint.problem import pointer

Finding = tuple[str, str]  # (json pointer in the spec, why)
# Headers any HTTP stack adds; a pact may carry them without the spec documenting them.
TRANSPORT_HEADERS = {"content-type", "content-length", "date", "connection", "server", "vary"}
# The consumer recorded the part of the response it reads (recorded.py); it sends whole requests.
RECORDED_RESPONSE = recorded(OAS30ReadValidator)


def check_http(document: Document, interaction: HttpInteraction) -> list[Finding]:
    """Every way the interaction disagrees with the OpenAPI document."""
    found = match_path(document, interaction.path)
    if found is None:
        why = f"no path template matches {interaction.method} {interaction.path}"
        return [("/paths", why)]
    template, path_params = found
    item_ptr = pointer("paths", template)
    operation = document.at(item_ptr + pointer(interaction.method.lower()))
    if interaction.method.lower() not in METHODS or not isinstance(operation, dict):
        return [(item_ptr, f"method {interaction.method} is not defined for {template}")]
    op_ptr = item_ptr + pointer(interaction.method.lower())
    findings = list(parameter_findings(document, item_ptr, op_ptr, interaction, path_params))
    findings += _security(document, op_ptr, interaction.request)
    findings += _request_body(document, op_ptr, interaction.request)
    findings += _response(document, op_ptr, interaction)
    return findings


def match_path(document: Document, path: str) -> tuple[str, dict[str, str]] | None:
    """The path template matching `path` (literal segments win) and its parameter values."""
    paths = document.data.get("paths") if isinstance(document.data, dict) else None
    candidates = []
    for template in paths or {}:
        names = template_parameters(template)
        matched = re.fullmatch(template_regex(template), path.split("?")[0])
        if matched:
            values = {n: unquote(v) for n, v in zip(names, matched.groups(), strict=True)}
            candidates.append((len(names), template, values))
    if not candidates:
        return None
    _, template, values = min(candidates)
    return template, values


def _security(document: Document, op_ptr: str, request: HttpMessage) -> Iterator[Finding]:
    operation = document.at(op_ptr)
    requirements = operation.get("security", document.data.get("security"))
    if not requirements:
        return
    schemes = (document.data.get("components") or {}).get("securitySchemes") or {}
    if any(_satisfied(req, schemes, request) for req in requirements):
        return
    names = sorted({name for req in requirements for name in req})
    yield op_ptr + "/security", f"request carries no credentials for {', '.join(names)}"


def _satisfied(requirement: dict, schemes: dict, request: HttpMessage) -> bool:
    for name in requirement:
        scheme = schemes.get(name) or {}
        auth = " ".join(request.headers.get("authorization", [])).lower()
        kind = scheme.get("type")
        if kind == "apiKey" and scheme.get("in") == "header":
            ok = str(scheme.get("name", "")).lower() in request.headers
        elif kind == "http":
            ok = auth.startswith(str(scheme.get("scheme", "bearer")).lower() + " ")
        elif kind in {"oauth2", "openIdConnect"}:
            ok = auth.startswith("bearer ")
        else:
            ok = True  # apiKey in query/cookie, or an unknown kind: not judged here
        if not ok:
            return False
    return True


def _request_body(document: Document, op_ptr: str, request: HttpMessage) -> Iterator[Finding]:
    body_ptr = op_ptr + "/requestBody"
    spec, body_ptr = document.resolve(document.at(body_ptr), body_ptr)
    has_body = request.body is not NO_BODY and request.body not in ("", None)
    if not isinstance(spec, dict):
        if has_body:
            yield op_ptr, "the operation documents no request body, the pact sends one"
        return
    if not has_body:
        if spec.get("required"):
            yield body_ptr + "/required", "the request body is required, the pact sends none"
        return
    yield from _body(document, body_ptr, spec, request, "request", OAS30WriteValidator)


def _response(document: Document, op_ptr: str, interaction: HttpInteraction) -> Iterator[Finding]:
    responses_ptr = op_ptr + "/responses"
    responses = document.at(responses_ptr) or {}
    key = _status_key(responses, interaction.status)
    if key is None:
        listed = ", ".join(str(k) for k in responses)
        why = f"status {interaction.status} is not documented (documented: {listed})"
        yield responses_ptr, why
        return
    spec, ptr = document.resolve(responses[key], responses_ptr + pointer(key))
    if not isinstance(spec, dict):
        return
    yield from _response_headers(document, ptr, spec, interaction.response)
    if interaction.response.body is not NO_BODY and interaction.response.body != "":
        response = interaction.response
        yield from _body(document, ptr, spec, response, "response", RECORDED_RESPONSE)


def _status_key(responses: dict[str, Any], status: int) -> str | None:
    for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx"):
        if key in responses:
            return key
    return "default" if status >= 400 and "default" in responses else None


def _response_headers(
    document: Document, response_ptr: str, spec: dict, message: HttpMessage
) -> Iterator[Finding]:
    documented = {name.lower(): name for name in spec.get("headers") or {}}
    for name, values in sorted(message.headers.items()):
        if name in TRANSPORT_HEADERS:
            continue
        if name not in documented:
            yield response_ptr + "/headers", f"response header {name!r} is not documented"
            continue
        header_ptr = response_ptr + pointer("headers", documented[name])
        header, header_ptr = document.resolve(document.at(header_ptr), header_ptr)
        if isinstance(header, dict) and "schema" in header:
            for value in values:
                yield from _failed(
                    document, header_ptr + "/schema", value, OAS30ReadValidator, f"header {name}"
                )


def _body(
    document: Document, ptr: str, spec: dict, message: HttpMessage, side: str, dialect: Any
) -> Iterator[Finding]:
    content = spec.get("content") or {}
    if not content:
        yield ptr, f"the {side} documents no body, the pact has one"
        return
    media = _media_type(content, message.content_type)
    if media is None:
        listed = ", ".join(content)
        why = (
            f"{side} content type {message.content_type!r} is not documented (documented: {listed})"
        )
        yield ptr + "/content", why
        return
    media_ptr = ptr + pointer("content", media)
    if isinstance(content[media], dict) and "schema" in content[media]:
        yield from _failed(document, media_ptr + "/schema", message.body, dialect, f"{side} body")


def _media_type(content: dict[str, Any], content_type: str | None) -> str | None:
    wanted = (content_type or "application/json").split(";")[0].strip().lower()
    for media in content:
        if media.lower() == wanted:
            return media
    for media in content:
        major, _, minor = media.lower().partition("/")
        if (minor == "*" and wanted.startswith(major + "/")) or media == "*/*":
            return media
    return None


def _failed(
    document: Document, schema_ptr: str, value: Any, dialect: Any, what: str
) -> Iterator[Finding]:
    found: SchemaFailure | None = failure(document, schema_ptr, value, dialect)
    if found is not None:
        yield found.pointer, f"{what}: {found.why}"
