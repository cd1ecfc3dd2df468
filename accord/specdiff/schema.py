"""Compare two JSON Schemas in one direction of the data, following `$ref`s without looping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.specdiff.compare import Comparison, child
from accord.specdiff.constraints import KEYWORD_CHECKS, type_change
from accord.specdiff.effective import effective


@dataclass(frozen=True)
class Walk:
    """One schema comparison: the documents, the direction and where the schema is used."""

    cmp: Comparison
    side: str  # schemarules.REQUEST or RESPONSE
    where: str  # e.g. "request body of POST /orders"
    # The rule for a `default` changed or removed at the schema's root, when it is not the
    # direction's DEFAULT-CHANGED: a parameter's default is what the server does when a client
    # leaves the parameter out.
    root_default: str = ""

    def report(self, suffix: str, ptr: str, field: str, text: str) -> None:
        """Report `<side>-<suffix>` at `ptr` about the field path `field`."""
        subject = f"`{field}`" if field else "the schema"
        self.cmp.report(f"{self.side}-{suffix}", ptr, f"{self.where}: {subject}: {text}")


def compare_schema(walk: Walk, base: Any, base_ptr: str, head: Any, head_ptr: str) -> None:
    """Report every change between the schema `base` (in BASE) and `head` (in HEAD)."""
    _compare(walk, base, base_ptr, head, head_ptr, "")


def _compare(walk: Walk, b: Any, bp: str, h: Any, hp: str, field: str) -> None:
    # The effective schemas: `$ref`s followed and `allOf`s merged, so that a refactor into parts
    # that accept the same instances is silent and a part that narrows them is seen.
    b, bp = effective(walk.cmp.base, *walk.cmp.base.resolve(b, bp))
    h, hp = effective(walk.cmp.head, *walk.cmp.head.resolve(h, hp))
    if not isinstance(b, dict) or not isinstance(h, dict):
        return
    if not walk.cmp.first_visit((walk.side, bp, hp)):
        return
    if type_change(walk, b, h, hp, field):
        return  # an incompatible type: the other keywords no longer compare meaningfully
    for check in KEYWORD_CHECKS:
        check(walk, b, h, hp, field)
    _properties(walk, b, bp, h, hp, field)
    _additional(walk, b, bp, h, hp, field)
    if isinstance(b.get("items"), dict) and isinstance(h.get("items"), dict):
        _compare(walk, b["items"], child(bp, "items"), h["items"], child(hp, "items"), field + "[]")
    _composition(walk, b, bp, h, hp, field)


def _properties(walk: Walk, b: dict, bp: str, h: dict, hp: str, field: str) -> None:
    b_props, h_props = _props(b), _props(h)
    b_req, h_req = _required(b), _required(h)
    for name in sorted(set(b_props) | set(h_props) | b_req | h_req):
        sub = f"{field}.{name}" if field else name
        if name in b_props and name not in h_props:
            closed = h.get("additionalProperties") is False
            suffix = "PROPERTY-REMOVED-CLOSED" if closed else "PROPERTY-REMOVED"
            walk.report(suffix, child(bp, "properties", name), sub, "property removed")
        elif name in h_props and name not in b_props and name not in b_req:
            required = name in h_req
            suffix = "REQUIRED-PROPERTY-ADDED" if required else "OPTIONAL-PROPERTY-ADDED"
            text = f"new {'required' if required else 'optional'} property"
            walk.report(suffix, child(hp, "properties", name), sub, text)
        else:
            _presence(walk, name, b_req, h_req, hp, sub, name in h_props)
            if name in b_props and name in h_props:
                bsub, hsub = child(bp, "properties", name), child(hp, "properties", name)
                _compare(walk, b_props[name], bsub, h_props[name], hsub, sub)


def _presence(walk: Walk, name: str, b_req: set, h_req: set, hp: str, sub: str, listed: bool):
    ptr = child(hp, "properties", name) if listed else child(hp, "required")
    if name in h_req and name not in b_req:
        walk.report("PROPERTY-BECAME-REQUIRED", ptr, sub, "property became required")
    elif name in b_req and name not in h_req:
        walk.report("PROPERTY-BECAME-OPTIONAL", ptr, sub, "property is no longer required")


def _additional(walk: Walk, b: dict, bp: str, h: dict, hp: str, field: str) -> None:
    ba, ha = b.get("additionalProperties", True), h.get("additionalProperties", True)
    if ba is not False and ha is False:
        ptr = child(hp, "additionalProperties")
        walk.report("ADDITIONAL-PROPERTIES-CLOSED", ptr, field, "unknown properties now rejected")
    elif ba is False and ha is not False:
        ptr = child(hp, "additionalProperties") if "additionalProperties" in h else hp
        walk.report("ADDITIONAL-PROPERTIES-OPENED", ptr, field, "unknown properties now allowed")
    elif isinstance(ba, dict) and isinstance(ha, dict):
        bsub, hsub = child(bp, "additionalProperties"), child(hp, "additionalProperties")
        _compare(walk, ba, bsub, ha, hsub, field + "{}")


def _composition(walk: Walk, b: dict, bp: str, h: dict, hp: str, field: str) -> None:
    for keyword in ("oneOf", "anyOf"):  # `allOf` is merged away (effective.py)
        b_parts, h_parts = _list(b, keyword), _list(h, keyword)
        if len(b_parts) != len(h_parts):
            _count_change(walk, keyword, len(b_parts), len(h_parts), child(hp, keyword), field)
        for i, (bs, hs) in enumerate(zip(b_parts, h_parts, strict=False)):
            _compare(walk, bs, child(bp, keyword, i), hs, child(hp, keyword, i), field)


def _count_change(walk: Walk, keyword: str, before: int, after: int, ptr: str, field: str):
    text = f"`{keyword}` went from {before} to {after} parts"
    walk.report("VARIANT-ADDED" if after > before else "VARIANT-REMOVED", ptr, field, text)


def _props(node: dict) -> dict:
    props = node.get("properties")
    return props if isinstance(props, dict) else {}


def _required(node: dict) -> set[str]:
    required = node.get("required")
    return {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()


def _list(node: dict, keyword: str) -> list:
    parts = node.get(keyword)
    return parts if isinstance(parts, list) else []
