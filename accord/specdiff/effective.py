"""The effective schema: a schema with its `allOf` merged in, as the instances it accepts see it.

`allOf: [A, B]` accepts what both A and B accept. Compared part by part (as structure), a schema
refactored into `allOf` looks like properties removed and a type widened, and a part that only
adds `required: [x]` goes unseen. Merged first, the comparison sees the schema the parts mean.

The merge is an intersection: types and enums intersect, `required` and `properties` unite (a
property in several parts is the `allOf` of its definitions, merged in turn when compared), the
narrowest bound wins, one closed part closes the object. Where two parts cannot be combined in
one keyword (two `oneOf`s), the first part's is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from accord.specdiff.keywords import (
    NO_TYPE,
    bound,
    exclusive_keyword,
    intersect_types,
    narrower,
    types_of,
)
from accord.specdiff.schemarules import BOUNDS
from accord.speclint.problem import pointer

MAX_PARTS = 64  # a bound on flattening: nested or self-referencing `allOf`s must not loop

Part = tuple[dict, str]  # a schema and its pointer in the document
Origins = dict[tuple[str, ...], str]  # keyword (or `properties`, name) -> the part that has it


class Resolver(Protocol):
    """What the merge needs of a document: following local `$ref`s."""

    def resolve(self, node: Any, ptr: str) -> tuple[Any, str]: ...


class Merged(str):
    """The pointer of a merged schema, which has no single place in the document: a keyword's
    pointer is taken from the part that holds it, so every change is reported at a real node."""

    origins: Origins

    def child(self, *parts: object) -> str:
        """The pointer of `parts` below this schema, in the part that defines them."""
        for size in (2, 1):
            key = tuple(str(p) for p in parts[:size])
            if len(key) == size and key in self.origins:
                return self.origins[key] + pointer(*parts)
        return str(self) + pointer(*parts)


def effective(doc: Resolver, node: Any, ptr: str) -> tuple[Any, str]:
    """`node` (resolved, at `ptr`) with its `allOf` merged in; unchanged when it has none."""
    if not isinstance(node, dict) or not isinstance(node.get("allOf"), list):
        return node, ptr
    merged, origins = merge(list(_parts(doc, node, ptr, set())))
    where = Merged(ptr)
    where.origins = origins
    return merged, where


def _parts(doc: Resolver, node: dict, ptr: str, seen: set[int]) -> Iterator[Part]:
    """The schemas an `allOf` intersects, flattened: the holder's own keywords first.

    Parts already met are skipped by identity, not pointer: a property merged from several
    parts has its first definition's pointer but is a new node (an `allOf` of their `$ref`s)."""
    seen.add(id(node))
    yield {k: v for k, v in node.items() if k != "allOf"}, ptr
    for i, raw in enumerate(node.get("allOf") or []):
        part, at = doc.resolve(raw, ptr + pointer("allOf", i))
        if not isinstance(part, dict) or id(part) in seen or len(seen) > MAX_PARTS:
            continue
        if isinstance(part.get("allOf"), list):
            yield from _parts(doc, part, at, seen)
        else:
            seen.add(id(part))
            yield part, at


def merge(parts: list[Part]) -> tuple[dict, Origins]:
    """One schema accepting what every part accepts, and where each keyword came from."""
    merged: dict = {}
    origins: Origins = {}
    keywords = list(dict.fromkeys(k for part, _ in parts for k in part))
    for keyword in keywords:
        holders = [(p, at) for p, at in parts if keyword in p]
        rule = MERGERS.get(keyword, _first)
        rule(keyword, holders, merged, origins)
    _merge_types(parts, merged, origins)
    _merge_values(parts, merged, origins)
    _merge_bounds(parts, merged, origins)
    return merged, origins


Merger = Callable[[str, list[Part], dict, Origins], None]


def _first(keyword: str, holders: list[Part], merged: dict, origins: Origins) -> None:
    # Documentation keywords, and those no merge can express in one value (two `oneOf`s).
    merged[keyword] = holders[0][0][keyword]
    origins[(keyword,)] = holders[0][1]


def _distinct(keyword: str, holders: list[Part], merged: dict, origins: Origins) -> None:
    # Two different patterns (formats, multiples) must all hold: kept as a list of them, so a
    # part adding one is seen as a change; a single value stays as it is.
    values = list(dict.fromkeys(_hashable(p[keyword]) for p, _ in holders))
    merged[keyword] = values[0] if len(values) == 1 else values
    origins[(keyword,)] = holders[0][1]


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else repr(value)


def _properties(_: str, holders: list[Part], merged: dict, origins: Origins) -> None:
    by_name: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for part, at in holders:
        props = part["properties"] if isinstance(part["properties"], dict) else {}
        for name, schema in props.items():
            by_name.setdefault(name, []).append(at)
            values.setdefault(name, schema)
    result = {}
    for name, places in by_name.items():
        origins[("properties", name)] = places[0]
        # Defined in several parts: each definition holds. `$ref`s keep their real places.
        result[name] = (
            values[name]
            if len(places) == 1
            else {"allOf": [{"$ref": "#" + at + pointer("properties", name)} for at in places]}
        )
    merged["properties"] = result
    origins[("properties",)] = holders[0][1]


def _required(_: str, holders: list[Part], merged: dict, origins: Origins) -> None:
    names = [n for p, _ in holders if isinstance(p["required"], list) for n in p["required"]]
    merged["required"] = list(dict.fromkeys(n for n in names if isinstance(n, str)))
    origins[("required",)] = holders[0][1]


def _subschema(keyword: str, holders: list[Part], merged: dict, origins: Origins) -> None:
    """`items` or `additionalProperties` in several parts: all hold; `false` closes."""
    values = [p[keyword] for p, _ in holders]
    closer = next((i for i, v in enumerate(values) if v is False), None)
    if closer is not None:
        merged[keyword], origins[(keyword,)] = False, holders[closer][1]
        return
    schemas = [(v, at) for v, (_, at) in zip(values, holders, strict=True) if isinstance(v, dict)]
    if not schemas:
        _first(keyword, holders, merged, origins)
        return
    merged[keyword] = (
        schemas[0][0]
        if len(schemas) == 1
        else {"allOf": [{"$ref": "#" + at + pointer(keyword)} for _, at in schemas]}
    )
    origins[(keyword,)] = schemas[0][1]


def _merge_values(parts: list[Part], merged: dict, origins: Origins) -> None:
    """`enum` and `const`, in any parts: only the values every part allows."""
    restricting = [(v, at) for part, at in parts if (v := _values(part)) is not None]
    if not restricting:
        return
    allowed = restricting[0][0]
    for values, _ in restricting[1:]:
        allowed = [v for v in allowed if v in values]
    merged["enum"] = allowed
    origins[("enum",)] = origins[("const",)] = restricting[0][1]


def _values(part: dict) -> list[Any] | None:
    if "const" in part:
        return [part["const"]]
    return part["enum"] if isinstance(part.get("enum"), list) else None


def _merge_types(parts: list[Part], merged: dict, origins: Origins) -> None:
    """The types every part allows, `nullable` included (as a `null` type)."""
    typed = [(types_of(p), at) for p, at in parts if types_of(p)]
    if not typed:
        return
    allowed = typed[0][0]
    for types, _ in typed[1:]:
        allowed = intersect_types(allowed, types)
    allowed = allowed or {NO_TYPE}
    merged["type"] = next(iter(allowed)) if len(allowed) == 1 else sorted(allowed)
    origins[("type",)] = typed[0][1]


def _merge_bounds(parts: list[Part], merged: dict, origins: Origins) -> None:
    """The narrowest of each bound, with the exclusive flag of the part that sets it."""
    for keyword, _, kind in BOUNDS:
        found = [(b, p, at) for p, at in parts if (b := bound(p, keyword, kind)) is not None]
        if not found:
            continue
        _, part, at = found[0]
        for value, other, other_at in found[1:]:
            if narrower(bound(part, keyword, kind), value, kind):
                part, at = other, other_at
        for name in (keyword, exclusive_keyword(keyword)):
            if name in part and (name == keyword or keyword in ("maximum", "minimum")):
                merged[name], origins[(name,)] = part[name], at


def _any_true(keyword: str, holders: list[Part], merged: dict, origins: Origins) -> None:
    winner = next(((p, at) for p, at in holders if p[keyword] is True), holders[0])
    merged[keyword], origins[(keyword,)] = winner[0][keyword], winner[1]


def _skip(*_: object) -> None:
    """Merged apart, across every part (types with `nullable`, `enum` with `const`, bounds with
    their flags)."""


MERGERS: dict[str, Merger] = {
    "properties": _properties,
    "required": _required,
    "items": _subschema,
    "additionalProperties": _subschema,
    "enum": _skip,
    "const": _skip,
    "pattern": _distinct,
    "format": _distinct,
    "multipleOf": _distinct,
    "uniqueItems": _any_true,
    "type": _skip,
    "nullable": _skip,
    **{keyword: _skip for keyword, _, _ in BOUNDS},
    "exclusiveMaximum": _skip,
    "exclusiveMinimum": _skip,
}
