"""How a schema's keywords read: its set of types (with `nullable`) and its bounds (with their
exclusive flags), shared by the comparison and by the `allOf` merge."""

from __future__ import annotations

Bound = tuple[float, int]  # (value, tie-break): at equal values an exclusive bound is narrower


# Parts of an `allOf` whose types share none admit no value at all: a type of its own, so that
# the change to or from such a schema is seen (as TYPE-CHANGED) rather than read as "any type".
NO_TYPE = "nothing"


def types_of(node: dict) -> set[str]:
    """The declared types, with `null` for OpenAPI 3.0's `nullable: true`; empty = any type."""
    declared = node.get("type")
    listed = [declared] if isinstance(declared, str) else declared
    types = {t for t in listed if isinstance(t, str)} if isinstance(listed, list) else set()
    if types and node.get("nullable") is True:
        types.add("null")
    return types


def intersect_types(a: set[str], b: set[str]) -> set[str]:
    """The types both declared sets allow (`integer` is part of `number`); maybe none."""
    both = a & b
    if ("integer" in a and "number" in b) or ("number" in a and "integer" in b):
        both.add("integer")
    return both


def bound(node: dict, keyword: str, kind: str) -> Bound | None:
    """A comparable bound for `keyword` ("max" kind: lower is narrower; "min": higher is)."""
    value = node.get(keyword)
    exclusive = node.get(exclusive_keyword(keyword)) if keyword in ("maximum", "minimum") else None
    if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):
        value, exclusive = exclusive, True  # JSON Schema 2019+: the exclusive bound is a number
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    tie = (0 if exclusive is True else 1) if kind == "max" else (1 if exclusive is True else 0)
    return (value, tie)


def exclusive_keyword(keyword: str) -> str:
    """`exclusiveMaximum` for `maximum`, `exclusiveMinimum` for `minimum`."""
    return "exclusiveMaximum" if keyword == "maximum" else "exclusiveMinimum"


def narrower(a: Bound | None, b: Bound | None, kind: str) -> bool:
    """True when bound `b` admits less than `a` (a bound set narrows, one removed widens)."""
    if a is None or b is None:
        return a is None and b is not None
    return b < a if kind == "max" else b > a
