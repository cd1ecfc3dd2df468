"""Keyword-level checks of one schema pair: type, format, enum, pattern, bounds, default."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from accord.specdiff.compare import child, shown
from accord.specdiff.keywords import bound, narrower, types_of
from accord.specdiff.schemarules import BOUNDS, bound_suffix

if TYPE_CHECKING:
    from accord.specdiff.schema import Walk


def type_change(walk: Walk, b: dict, h: dict, hp: str, field: str) -> bool:
    """Report a type change; True when the types are incompatible (nothing else to compare)."""
    bt, ht = types_of(b), types_of(h)
    if _covers(bt, ht) and _covers(ht, bt):
        return False
    text = f"type `{_shown_types(bt)}` became `{_shown_types(ht)}`"
    ptr = child(hp, "type") if "type" in h else hp
    if _covers(ht, bt):
        walk.report("TYPE-WIDENED", ptr, field, text)
    elif _covers(bt, ht):
        walk.report("TYPE-NARROWED", ptr, field, text)
    else:
        walk.report("TYPE-CHANGED", ptr, field, text)
        return True
    return False


def _covers(wide: set[str], narrow: set[str]) -> bool:
    """Every value of the types `narrow` is a value of `wide` (no types = any value)."""
    if not wide:
        return True
    if not narrow:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _shown_types(types: set[str]) -> str:
    return "|".join(sorted(types)) or "any"


def format_change(walk: Walk, b: dict, h: dict, hp: str, field: str) -> None:
    """`format` added (narrower), removed (wider) or changed."""
    _keyword_change(walk, b, h, hp, field, "format")


def pattern_change(walk: Walk, b: dict, h: dict, hp: str, field: str) -> None:
    """`pattern` added (narrower), removed (wider) or changed."""
    _keyword_change(walk, b, h, hp, field, "pattern")


def _keyword_change(walk: Walk, b: dict, h: dict, hp: str, field: str, keyword: str) -> None:
    """A single-valued keyword added (rule <KEYWORD>-ADDED), removed or changed."""
    before, after = b.get(keyword), h.get(keyword)
    if before == after:
        return
    stem = keyword.upper()
    if before is None:
        walk.report(f"{stem}-ADDED", child(hp, keyword), field, f"{keyword} `{after}` added")
    elif after is None:
        walk.report(f"{stem}-REMOVED", hp, field, f"{keyword} `{before}` removed")
    else:
        text = f"{keyword} `{before}` became `{after}`"
        walk.report(f"{stem}-CHANGED", child(hp, keyword), field, text)


def enum_change(walk: Walk, b: dict, h: dict, hp: str, field: str) -> None:
    """`enum`/`const` values added or removed, or the restriction introduced or dropped."""
    bv, hv = _values(b), _values(h)
    ptr = child(hp, "const" if "const" in h else "enum")
    if bv is None and hv is not None:
        walk.report("ENUM-INTRODUCED", ptr, field, f"values restricted to {shown(hv)}")
    elif bv is not None and hv is None:
        walk.report("ENUM-DROPPED", hp, field, f"values no longer restricted to {shown(bv)}")
    elif bv is not None and hv is not None:
        if hv - bv:
            walk.report("ENUM-VALUE-ADDED", ptr, field, f"value(s) {shown(hv - bv)} added")
        if bv - hv:
            walk.report("ENUM-VALUE-REMOVED", ptr, field, f"value(s) {shown(bv - hv)} removed")


def _values(node: dict) -> set[str] | None:
    if "const" in node:
        return {_canon(node["const"])}
    enum = node.get("enum")
    return {_canon(v) for v in enum} if isinstance(enum, list) else None


def _canon(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def bound_changes(walk: Walk, b: dict, h: dict, hp: str, field: str) -> None:
    """Length, size and numeric bounds set, lowered, raised or removed."""
    for keyword, stem, kind in BOUNDS:
        bv, hv = bound(b, keyword, kind), bound(h, keyword, kind)
        if bv == hv:
            continue
        narrowed = narrower(bv, hv, kind)
        ptr = child(hp, keyword) if keyword in h else hp
        walk.report(bound_suffix(stem, kind, narrowed), ptr, field, _bound_text(keyword, bv, hv))


def _bound_text(keyword: str, bv: tuple | None, hv: tuple | None) -> str:
    if bv is None:
        return f"`{keyword}` {hv[0]} added"
    if hv is None:
        return f"`{keyword}` {bv[0]} removed"
    verb = "lowered" if hv < bv else "raised"
    return f"`{keyword}` {verb} from {bv[0]} to {hv[0]}"


def items_flags(walk: Walk, b: dict, h: dict, hp: str, field: str) -> None:
    """`uniqueItems` switched on or off; `multipleOf` changed."""
    bu, hu = b.get("uniqueItems") is True, h.get("uniqueItems") is True
    if hu and not bu:
        walk.report("UNIQUE-ITEMS-ADDED", child(hp, "uniqueItems"), field, "items must be unique")
    elif bu and not hu:
        walk.report("UNIQUE-ITEMS-REMOVED", hp, field, "items need no longer be unique")
    if b.get("multipleOf") != h.get("multipleOf"):
        text = f"`multipleOf` {b.get('multipleOf')} became {h.get('multipleOf')}"
        walk.report("MULTIPLE-OF-CHANGED", hp, field, text)


def default_change(walk: Walk, b: dict, h: dict, hp: str, field: str) -> None:
    """The `default` a reader assumes for an absent value changed."""
    if "default" in b or "default" in h:
        bd, hd = b.get("default"), h.get("default")
        if _canon(bd) != _canon(hd):
            text = f"default `{bd}` became `{hd}`"
            ptr = child(hp, "default") if "default" in h else hp
            if not field and walk.root_default and "default" in b:
                walk.cmp.report(walk.root_default, ptr, f"{walk.where}: {text}")
            else:
                walk.report("DEFAULT-CHANGED", ptr, field, text)


KEYWORD_CHECKS = (
    format_change,
    enum_change,
    pattern_change,
    bound_changes,
    items_flags,
    default_change,
)
