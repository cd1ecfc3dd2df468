"""Arazzo 1.1 runtime expressions: parsing by the specification's ABNF, and evaluation.

An expression names a value the run has seen: `$statusCode`, `$response.body#/id`,
`$response.header.Location`, `$message.payload#/data/status`, `$inputs.method`,
`$steps.placeOrder.outputs.orderId`, `$sourceDescriptions.orders.url`... Values come from a
`Scope` the engine fills as it runs. Body and payload references take a JSON pointer (`#/a/0`);
the dotted form the specification's own examples use in conditions (`$response.body.count`,
`$message.payload.orderId`) is read as the same path.

Written here rather than taken from a runner: the one Python Arazzo runner on PyPI evaluates
Arazzo 1.0 over HTTP only (no `$message`, no receive steps), and its evaluator is tied to its
own request model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The ABNF's top-level names, longest first so `$statusCode` is not read as `$s...`.
ROOTS = (
    "$statusCode",
    "$method",
    "$url",
    "$self",
    "$request.",
    "$response.",
    "$message.",
    "$inputs.",
    "$outputs.",
    "$steps.",
    "$workflows.",
    "$sourceDescriptions.",
    "$components.",
)
IDENTIFIER_STRICT = r"[A-Za-z0-9_\-]+"
IDENTIFIER = r"[A-Za-z0-9_.\-]+"
TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
# One expression as it may appear inside a condition or alone: stops at whitespace, an
# operator or a closing bracket; a JSON pointer may hold anything but those.
EXPRESSION = re.compile(r"\$[A-Za-z]+(?:[.#][^\s=!<>&|()\[\]{}]*)?")
EMBEDDED = re.compile(r"\{(\$[^{}]+)\}")


class ExpressionError(ValueError):
    """Not a runtime expression of the Arazzo grammar."""


class Unresolved(LookupError):
    """A well-formed expression whose value the run does not have (yet)."""


@dataclass(frozen=True)
class Expression:
    """A parsed runtime expression: its root, the names after it and an optional JSON pointer."""

    text: str
    root: str  # statusCode, method, url, self, request, response, message, inputs, ...
    names: tuple[str, ...] = ()
    pointer: tuple[str, ...] | None = None


@dataclass
class Scope:
    """What expressions are evaluated against; the engine fills it step by step."""

    status_code: int | None = None
    method: str | None = None
    url: str | None = None
    request: dict[str, Any] = field(default_factory=dict)  # header, query, path, body
    response: dict[str, Any] = field(default_factory=dict)  # header, body
    message: dict[str, Any] = field(default_factory=dict)  # header, payload
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)  # stepId -> outputs
    workflows: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> inputs/outputs
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {url, ...}
    components: dict[str, Any] = field(default_factory=dict)


def parse(text: str) -> Expression:
    """The expression `text` (one whole runtime expression), or ExpressionError saying why."""
    root = next((r for r in ROOTS if text == r or (r.endswith(".") and text.startswith(r))), None)
    if root is None:
        raise ExpressionError(f"{text!r} is not a runtime expression (it starts with {ROOTS})")
    name = root.strip("$.")
    rest = text[len(root) :]
    if not root.endswith("."):
        if rest:
            raise ExpressionError(f"{text!r}: nothing may follow {root}")
        return Expression(text, name)
    path, _, pointer = rest.partition("#")
    parsed = _pointer(text, pointer) if "#" in rest else None
    names = tuple(path.split(".")) if path else ()
    _check_names(text, name, names, parsed is not None)
    return Expression(text, name, names, parsed)


def _pointer(text: str, pointer: str) -> tuple[str, ...]:
    if pointer and not pointer.startswith("/"):
        raise ExpressionError(f"{text!r}: a JSON pointer starts with '/'")
    tokens = pointer.split("/")[1:] if pointer else []
    if any(re.search(r"~(?![01])", t) for t in tokens):
        raise ExpressionError(f"{text!r}: '~' in a JSON pointer must be ~0 or ~1")
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in tokens)


def _check_names(text: str, root: str, names: tuple[str, ...], pointer: bool) -> None:
    """The ABNF's shape for each root (the dotted body path of conditions allowed too)."""
    shapes = {
        "request": r"(header\.TOKEN|query\..+|path\..+|body(\..+)?|payload(\..+)?)",
        "response": r"(header\.TOKEN|body(\..+)?|payload(\..+)?)",
        "message": r"(header(\.TOKEN)?|payload(\..+)?)",
        "inputs": r"IDENT",
        "outputs": r"IDENT",
        "steps": r"STRICT\.outputs\.IDENT",
        "workflows": r"STRICT\.(inputs|outputs)\.IDENT",
        "sourceDescriptions": r"STRICT\..+",
        "components": r"(parameters|successActions|failureActions)\.IDENT",
    }
    pattern = shapes[root].replace("TOKEN", TOKEN).replace("STRICT", IDENTIFIER_STRICT)
    pattern = pattern.replace("IDENT", IDENTIFIER)
    if not re.fullmatch(pattern, ".".join(names)):
        raise ExpressionError(f"{text!r} does not follow the Arazzo grammar for ${root}")
    if pointer and root in ("request", "response", "message") and names[0] == "header":
        raise ExpressionError(f"{text!r}: a header reference takes no JSON pointer")


def evaluate(expression: Expression | str, scope: Scope) -> Any:
    """The value the expression names in `scope`; Unresolved when the run lacks it."""
    found = parse(expression) if isinstance(expression, str) else expression
    value = _root_value(found, scope)
    return value if found.pointer is None else _follow(found, value, found.pointer)


def _root_value(found: Expression, scope: Scope) -> Any:
    simple = {"statusCode": scope.status_code, "method": scope.method, "url": scope.url}
    if found.root in simple:
        return _present(found, simple[found.root])
    if found.root == "self":
        return _present(found, scope.sources.get("$self", {}).get("url"))
    holders = {
        "request": scope.request,
        "response": scope.response,
        "message": scope.message,
        "inputs": scope.inputs,
        "outputs": scope.outputs,
        "steps": scope.steps,
        "workflows": scope.workflows,
        "sourceDescriptions": scope.sources,
        "components": scope.components,
    }
    holder: Any = holders[found.root]
    names = list(found.names)
    if found.root in ("request", "response", "message") and names[0] == "header":
        return _header(found, holder.get("header") or {}, names[1:])
    if found.root in ("inputs", "outputs") and names:
        names = [".".join(names)]  # identifiers may hold dots: one key
    if found.root in ("steps", "workflows") and len(names) > 2:
        names = [*names[:2], ".".join(names[2:])]
    return _follow(found, holder, names)


def _header(found: Expression, headers: Mapping[str, Any], names: list[str]) -> Any:
    if not names:  # $message.header: the whole header map
        return dict(headers)
    wanted = names[0].lower()  # header names (tokens) are case-insensitive
    value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    return _present(found, value)


def _follow(found: Expression, value: Any, names: Any) -> Any:
    for name in names:
        if isinstance(value, Mapping) and name in value:
            value = value[name]
        elif isinstance(value, list) and re.fullmatch(r"0|[1-9][0-9]*", name):
            index = int(name)
            if index >= len(value):
                raise Unresolved(f"{found.text}: no item {index} (the list has {len(value)})")
            value = value[index]
        else:
            raise Unresolved(f"{found.text}: nothing at {name!r}")
    return value


def _present(found: Expression, value: Any) -> Any:
    if value is None:
        raise Unresolved(f"{found.text}: the run has no such value yet")
    return value


def interpolate(text: str, scope: Scope) -> str:
    """A string with embedded `{$expression}`s replaced by their values, as text."""
    return EMBEDDED.sub(lambda m: _as_text(evaluate(m.group(1), scope)), text)


def resolve(value: Any, scope: Scope) -> Any:
    """A parameter or payload value: an expression alone gives its value (any type), a string
    with embedded expressions gives text, lists and objects are resolved member by member."""
    if isinstance(value, str):
        if value.startswith("$") and EXPRESSION.fullmatch(value):
            return evaluate(value, scope)
        return interpolate(value, scope) if EMBEDDED.search(value) else value
    if isinstance(value, list):
        return [resolve(item, scope) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, scope) for key, item in value.items()}
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def references(text: str) -> list[str]:
    """Every runtime expression a condition, value or string mentions (for lint and ordering)."""
    found = [m.group(1) for m in EMBEDDED.finditer(text)]
    bare = EMBEDDED.sub(" ", text)
    return found + [m.group(0) for m in EXPRESSION.finditer(bare)]
