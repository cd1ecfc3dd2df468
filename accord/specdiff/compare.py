"""A pair of documents of one kind, BASE and HEAD, and the changes found between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.specdiff.effective import Merged
from accord.specdiff.locate import position
from accord.specdiff.model import Change
from accord.specdiff.registry import rule
from accord.speclint.loader import Document
from accord.speclint.problem import pointer


@dataclass
class Comparison:
    """Collects the changes of one document; a change is reported once per rule and pointer."""

    base: Document
    head: Document
    name: str  # the document's path relative to the specs folder
    services: tuple[str, ...] = ()
    changes: list[Change] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    _keys: set[tuple[str, str]] = field(default_factory=set)

    def report(self, rule_id: str, ptr: str, message: str) -> None:
        """Record a change found by `rule_id` at `ptr` (in HEAD, or in BASE for removals)."""
        if (rule_id, ptr) in self._keys:
            return
        self._keys.add((rule_id, ptr))
        change = Change(rule(rule_id), self.name, ptr, message, self.services)
        change.line, change.column = position(self.head.path, ptr) or (None, None)
        self.changes.append(change)

    def first_visit(self, key: tuple[str, str, str]) -> bool:
        """True the first time `key` is seen: keeps recursive schemas from looping."""
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def mapping(node: Any, *keys: str) -> dict:
    """The dict at `keys` below `node`, or an empty dict."""
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def child(ptr: str, *parts: object) -> str:
    """`ptr` extended by `parts` (escaped); below a merged `allOf`, in the part that has them."""
    if isinstance(ptr, Merged):
        return ptr.child(*parts)
    return ptr + pointer(*parts)


def shown(values: object) -> str:
    """A compact rendering of a value or a collection for messages."""
    if isinstance(values, set | frozenset | list | tuple):
        return ", ".join(sorted(f"`{v}`" for v in values))
    return f"`{values}`"
