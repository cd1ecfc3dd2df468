"""How a recorded exchange becomes a pact interaction that is not brittle.

Values are generalised by the provider's OpenAPI schema at their place:
- an `enum`/`const` value stays exact (consumers branch on it);
- a string with `format: uuid`, a `pattern`, or that looks like a UUID: a regex matcher;
- `format: date-time`: Pact's timestamp matcher with the Java format of the example
  (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX` ...), else an RFC 3339 regex;
- other strings, integers, numbers, booleans: matched by type; arrays: `each_like` their first
  item; objects: each property by its own schema.
Headers: `Authorization` becomes a Bearer-JWT regex with a fake example token (the real token is
never stored); `Content-Type` stays exact; headers the operation documents are generalised by
their schema; `Location` is a regex of the path it names; every other header is left out.
Provider states (docs/pacts.md): reading or changing one resource names the state that makes it
exist (`a payment exists` with its `id`, `orderId`, `method`; `an order exists` with `id`,
`status` before the call, `customerId`), and its id in the path and the body is a `ProviderState`
generator (`${id}`), so the pact verifies against any provider; a 404 names `no ... exists`.
"""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any

from pact import generate, match
from pact.match.matcher import GenericMatcher

from accord.pacts.openapi_check import match_path
from accord.speclint.loader import Document

UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
BEARER = r"^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$"
FAKE_TOKEN = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InJlY29yZGVkIn0.c2lnbmF0dXJl"
RFC3339_PARTS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$")

# (provider, resource collection) -> (state when found, its params from the body, when absent)
RESOURCE_STATES = {
    ("payments", "/payments/{id}"): (
        "a payment exists",
        ("orderId", "method"),
        "no payment exists",
    ),
    ("orders", "/orders/{id}"): ("an order exists", ("status", "customerId"), "no order exists"),
}
CREATE_STATES = {("payments", "/payments"): ("payments can be taken for an order", ("orderId",))}


@dataclass(frozen=True)
class Recorded:
    """One exchange as the proxy saw it (header names lower-cased)."""

    method: str
    path: str
    query: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    response_headers: dict[str, str]
    response_body: bytes


@dataclass
class InteractionSpec:
    """What to add to the Pact for one exchange."""

    description: str
    method: str
    path: Any
    query: list[tuple[str, str]] = field(default_factory=list)
    states: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    request_headers: dict[str, Any] = field(default_factory=dict)
    request_body: Any = None
    request_type: str | None = None
    status: int = 200
    response_headers: dict[str, Any] = field(default_factory=dict)
    response_body: Any = None
    response_type: str | None = None

    def add_to(self, pact: Any) -> None:
        interaction = pact.upon_receiving(self.description)
        for name, params in self.states:
            interaction.given(name, params)
        interaction.with_request(self.method, self.path)
        for name, value in self.query:
            interaction.with_query_parameter(name, value)
        for name, value in self.request_headers.items():
            interaction.with_header(name, value)
        if self.request_type is not None:
            interaction.with_body(self.request_body, self.request_type)
        interaction.will_respond_with(self.status)
        for name, value in self.response_headers.items():
            interaction.with_header(name, value)
        if self.response_type is not None:
            interaction.with_body(self.response_body, self.response_type)


class Generaliser:
    """Turns exchanges into interaction specs, reading one OpenAPI document."""

    def __init__(self, api: Document) -> None:
        self.api = api
        self.statuses: dict[str, str] = {}  # resource id -> last status seen (orders)

    def interaction(self, exchange: Recorded) -> InteractionSpec | None:
        found = match_path(self.api, exchange.path)
        if found is None:
            return None
        template, values = found
        op_ptr = f"/paths/{_escape(template)}/{exchange.method.lower()}"
        operation = self.api.at(op_ptr)
        if not isinstance(operation, dict):
            return None
        request_body = _json(exchange.request_body)
        response_body = _json(exchange.response_body)
        spec = InteractionSpec(
            description="",
            method=exchange.method,
            path=exchange.path,
            status=exchange.status,
        )
        states = self._states(template, values, exchange, request_body, response_body)
        spec.states = states
        generated = bool(states) and states[0][0].startswith(("a ", "an ")) and "{" in template
        spec.path = self._path(template, exchange.path, op_ptr, generated)
        spec.query = [
            (k, v) for k, v in (p.split("=", 1) for p in exchange.query.split("&") if "=" in p)
        ]
        spec.request_headers = self._request_headers(exchange, op_ptr)
        if exchange.request_body:
            spec.request_type = exchange.request_headers.get("content-type", "application/json")
            schema = self._body_schema(f"{op_ptr}/requestBody", spec.request_type)
            spec.request_body = self.value(request_body, schema)
        response_ptr = self._response_ptr(op_ptr, exchange.status)
        spec.response_headers = self._response_headers(exchange, response_ptr)
        if exchange.response_body:
            spec.response_type = exchange.response_headers.get("content-type", "application/json")
            schema = self._body_schema(response_ptr, spec.response_type) if response_ptr else None
            body = self.value(response_body, schema)
            if generated and isinstance(body, dict) and "id" in body:
                body["id"] = GenericMatcher(
                    "regex",
                    response_body["id"],
                    regex=UUID,
                    generator=generate.provider_state("${id}"),
                )
            spec.response_body = body
        spec.description = self._description(exchange, template, request_body, op_ptr)
        self._remember(template, values, response_body)
        return spec

    # --- description and provider states ---

    def _description(self, exchange: Recorded, template: str, body: Any, op_ptr: str) -> str:
        text = f"{exchange.method} {template} -> {exchange.status}"
        schema = self._body_schema(f"{op_ptr}/requestBody", "application/json")
        pinned = []
        if isinstance(body, dict) and isinstance(schema, dict):
            for name, value in sorted(body.items()):
                prop = self._schema((schema.get("properties") or {}).get(name))
                if isinstance(prop, dict) and ("enum" in prop or "const" in prop):
                    pinned.append(f"{name}={value}")
        return f"{text} ({', '.join(pinned)})" if pinned else text

    def _states(
        self,
        template: str,
        values: dict[str, str],
        exchange: Recorded,
        request_body: Any,
        response_body: Any,
    ) -> list[tuple[str, dict[str, Any]]]:
        provider = self._provider(template)
        if (provider, template) in CREATE_STATES and exchange.method == "POST":
            name, keys = CREATE_STATES[(provider, template)]
            body = request_body if isinstance(request_body, dict) else {}
            return [(name, {k: body[k] for k in keys if k in body})]
        known = RESOURCE_STATES.get((provider, template))
        if known is None or "id" not in values:
            return []
        found, keys, absent = known
        resource_id = values["id"]
        if exchange.status == 404:
            return [(absent, {"id": resource_id})]
        if not 200 <= exchange.status < 300 or not isinstance(response_body, dict):
            return []
        params = {"id": resource_id}
        params.update({k: response_body[k] for k in keys if k in response_body})
        if exchange.method != "GET" and "status" in keys:  # the status before the change
            if resource_id not in self.statuses:
                return []
            params["status"] = self.statuses[resource_id]
        return [(found, params)]

    def _provider(self, template: str) -> str:
        return template.strip("/").split("/")[0]

    def _remember(self, template: str, values: dict[str, str], body: Any) -> None:
        if isinstance(body, dict) and isinstance(body.get("id"), str) and "status" in body:
            self.statuses[body["id"]] = body["status"]

    # --- path, headers ---

    def _path(self, template: str, path: str, op_ptr: str, generated: bool) -> Any:
        if "{" not in template:
            return path
        regex = "^" + self._template_regex(template, op_ptr) + "$"
        if generated:
            expression = re.sub(r"\{[^}]+\}", "${id}", template)
            return GenericMatcher(
                "regex", path, regex=regex, generator=generate.provider_state(expression)
            )
        return match.regex(path, regex=regex)

    def _template_regex(self, template: str, op_ptr: str | None) -> str:
        patterns = {}
        for name in re.findall(r"{([^}/]+)}", template):
            schema = self._parameter_schema(op_ptr, name, "path") if op_ptr else None
            pattern = (schema or {}).get("pattern") if isinstance(schema, dict) else None
            if isinstance(schema, dict) and schema.get("format") == "uuid":
                pattern = UUID
            patterns[name] = (pattern or "[^/]+").strip("^$")
        parts = re.split(r"(\{[^}/]+\})", template)
        return "".join(patterns[p[1:-1]] if p.startswith("{") else re.escape(p) for p in parts)

    def _parameter_schema(self, op_ptr: str, name: str, where: str) -> Any:
        item_ptr = op_ptr.rsplit("/", 1)[0]
        for ptr in (f"{op_ptr}/parameters", f"{item_ptr}/parameters"):
            for index, param in enumerate(self.api.at(ptr) or []):
                param, _ = self.api.resolve(param, f"{ptr}/{index}")
                if (
                    isinstance(param, dict)
                    and param.get("in") == where
                    and str(param.get("name", "")).lower() == name.lower()
                ):
                    return self._schema(param.get("schema"))
        return None

    def _request_headers(self, exchange: Recorded, op_ptr: str) -> dict[str, Any]:
        headers: dict[str, Any] = {}
        for name, value in exchange.request_headers.items():
            if name == "authorization":
                if value.startswith("Bearer "):
                    headers["Authorization"] = match.regex(FAKE_TOKEN, regex=BEARER)
            elif name == "content-type" and exchange.request_body:
                headers["Content-Type"] = value
            else:
                schema = self._parameter_schema(op_ptr, name, "header")
                if schema is not None:
                    headers[_title(name)] = self.value(value, schema)
        return headers

    def _response_ptr(self, op_ptr: str, status: int) -> str | None:
        responses = self.api.at(f"{op_ptr}/responses") or {}
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                _, ptr = self.api.resolve(responses[key], f"{op_ptr}/responses/{key}")
                return ptr
        return None

    def _response_headers(self, exchange: Recorded, response_ptr: str | None) -> dict[str, Any]:
        documented = {}
        if response_ptr:
            for name, header in (self.api.at(f"{response_ptr}/headers") or {}).items():
                header, _ = self.api.resolve(header, "")
                documented[name.lower()] = (name, header if isinstance(header, dict) else {})
        headers: dict[str, Any] = {}
        for name, value in exchange.response_headers.items():
            if name == "content-type":
                headers["Content-Type"] = value
            elif name == "location":
                found = match_path(self.api, urlsplit_path(value))
                regex = "/\\S*"
                if found:
                    regex = self._template_regex(found[0], None)
                headers[documented.get(name, ("Location",))[0]] = match.regex(
                    value, regex=r"^\S*" + regex + "$"
                )
            elif name in documented:
                original, header = documented[name]
                headers[original] = self.value(value, self._schema(header.get("schema")))
        return headers

    # --- bodies ---

    def _body_schema(self, ptr: str, content_type: str | None) -> Any:
        node, ptr = self.api.resolve(self.api.at(ptr), ptr)
        content = node.get("content") if isinstance(node, dict) else None
        if not isinstance(content, dict):
            return None
        media = (content_type or "").split(";")[0].strip()
        chosen = content.get(media) or next(iter(content.values()), None)
        return self._schema(chosen.get("schema")) if isinstance(chosen, dict) else None

    def _schema(self, node: Any) -> Any:
        node, _ = self.api.resolve(node, "")
        if isinstance(node, dict) and "allOf" in node:
            merged: dict[str, Any] = {"properties": {}}
            for part in node["allOf"]:
                part = self._schema(part) or {}
                merged["properties"].update(part.get("properties") or {})
                merged.update({k: v for k, v in part.items() if k != "properties"})
            return merged
        return node

    def value(self, value: Any, schema: Any) -> Any:
        """The example with matchers, generalised by `schema` (None: by the value's type)."""
        schema = self._schema(schema) if schema is not None else None
        schema = schema if isinstance(schema, dict) else {}
        if "enum" in schema or "const" in schema or value is None:
            return value
        if isinstance(value, bool):
            return match.bool(value)
        if isinstance(value, int):
            return match.int(value)
        if isinstance(value, float):
            return match.number(value)
        if isinstance(value, str):
            return _string(value, schema)
        if isinstance(value, list):
            if not value:
                return value
            return match.each_like(self.value(value[0], schema.get("items")), min=1)
        if isinstance(value, dict):
            properties = schema.get("properties") or {}
            return {k: self.value(v, properties.get(k)) for k, v in value.items()}
        return value


def _string(value: str, schema: dict[str, Any]) -> Any:
    pattern = schema.get("pattern")
    if schema.get("format") == "uuid" or _is_uuid(value):
        return match.regex(value, regex=UUID)
    if isinstance(pattern, str) and re.search(pattern, value):
        anchored = pattern if pattern.startswith("^") else "^" + pattern
        anchored = anchored if anchored.endswith("$") else anchored + "$"
        if re.fullmatch(anchored.strip("^$"), value):
            return match.regex(value, regex=anchored)
    if schema.get("format") == "date-time" or RFC3339_PARTS.match(value):
        parts = RFC3339_PARTS.match(value)
        if parts:
            fraction = "." + "S" * len(parts.group(1)) if parts.group(1) else ""
            java = f"yyyy-MM-dd'T'HH:mm:ss{fraction}XXX"
            return match.datetime(value, java, disable_conversion=True)
        return match.regex(value, regex=RFC3339)
    return match.str(value)


def _is_uuid(value: str) -> bool:
    try:
        return str(uuidlib.UUID(value)) == value
    except ValueError:
        return False


def _json(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", errors="replace")


def _escape(template: str) -> str:
    return template.replace("~", "~0").replace("/", "~1")


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def urlsplit_path(value: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(value).path
