"""The suite's own reading of a service's OpenAPI: operations, their scopes, schemas and samples.

Deliberately independent of the reference services: the suite judges them by the spec, not by how
they load it.
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path
from typing import Any

import yaml

from accord.openapi_paths import METHODS
from conformance.observations import Operation
from conformance.refs import resolve
from conformance.registry import SetupFailed

PROBLEM_JSON = "application/problem+json"
# Where the problem types the specs name live (`<PROBLEMS>validation_error`, `...not_found`).
PROBLEMS = "https://accord.dev/problems/"


@functools.lru_cache(maxsize=16)
def load(specs_folder: Path) -> dict[str, Any]:
    """The dereferenced OpenAPI document of a service's specs folder."""
    path = specs_folder / "openapi.yaml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SetupFailed(f"cannot read {path}: {type(exc).__name__}") from exc
    if not isinstance(document, dict) or "paths" not in document:
        raise SetupFailed(f"{path} has no paths: not an OpenAPI document the suite can read")
    resolved: dict[str, Any] = resolve(document, document)
    return resolved


def operations(service: str, specs_folder: Path) -> list[Operation]:
    """Every operation of the service's OpenAPI, in document order."""
    document = load(specs_folder)
    global_security = document.get("security", [])
    found = []
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                found.append(_operation(service, method, path, item[method], global_security))
    return found


def parameters(specs_folder: Path, operation: Operation, where: str) -> dict[str, dict[str, Any]]:
    """The operation's parameters in `where` (query, header, path), name -> schema, as declared
    on its path item and on the operation (the operation's win)."""
    item = load(specs_folder)["paths"][operation.path]
    declared = [*item.get("parameters", []), *item[operation.method.lower()].get("parameters", [])]
    return {p["name"]: p.get("schema", {}) for p in declared if p.get("in") == where}


def _operation(
    service: str, method: str, path: str, spec: dict[str, Any], global_security: list[Any]
) -> Operation:
    security = spec.get("security", global_security)
    scopes = tuple(s for requirement in security for values in requirement.values() for s in values)
    body = spec.get("requestBody", {}).get("content", {}).get("application/json", {})
    return Operation(
        service=service,
        method=method.upper(),
        path=path,
        operation_id=spec.get("operationId", f"{method}{path}"),
        scopes=scopes,
        secured=bool(security) and all(security),
        request_schema=body.get("schema"),
        request_example=_example(body),
        problem_schemas=_problem_schemas(spec.get("responses", {})),
    )


def _example(media: dict[str, Any]) -> Any:
    if "example" in media:
        return media["example"]
    examples = [e["value"] for e in media.get("examples", {}).values() if "value" in e]
    return examples[0] if examples else None


def valid_body(operation: Operation) -> Any:
    """A body the operation accepts: the spec's example, else a sample of its schema."""
    if operation.request_example is not None:
        return operation.request_example
    return sample(operation.request_schema)


def _problem_schemas(responses: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        status: response["content"][PROBLEM_JSON]["schema"]
        for status, response in responses.items()
        if PROBLEM_JSON in response.get("content", {})
        and "schema" in response["content"][PROBLEM_JSON]
    }


def path_for(operation: Operation, value: str | None = None) -> str:
    """The operation's path with every path parameter set (default: a fresh, unknown UUID)."""
    path = operation.path
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + (value or str(uuid.uuid4())) + path[end + 1 :]
    return path


def sample(schema: dict[str, Any] | None) -> Any:
    """A small instance of a schema: its example, else its first enum value, else a minimum."""
    if not schema:
        return {}
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: sample(props.get(name, {})) for name in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}))] * max(1, schema.get("minItems", 1))
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    return "x" * max(1, schema.get("minLength", 1))


def invalid_sample(schema: dict[str, Any] | None) -> Any:
    """A body the schema rejects: an object missing its required fields, else the wrong type."""
    if schema and schema.get("required"):
        return {}
    return ["not", "an", "object"] if (schema or {}).get("type", "object") == "object" else {}
