"""One registry for every extension point: conformance checks, lint checks and diff rules.

An entry registers itself under a stable, never-reused id when its module is imported;
`discover()` imports every module of the package that holds them, so adding a check or a rule is
adding a file, never editing a list. Like Schemathesis's registries, it knows nothing of what it
holds. A leaf module: the libraries all import it, so it imports none of them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class DuplicateIdError(ValueError):
    """Two different entries claim the same id."""


class Registry(Generic[T]):
    """Entries of one `kind` by id, found in the modules under `package`.

    `origin` tells a re-registration (the same module imported again: replaced) from a clash (a
    second entry under a taken id: `DuplicateIdError`); without one, entries that compare equal
    are the same entry."""

    def __init__(self, kind: str, package: str) -> None:
        self.kind, self.package = kind, package
        self._entries: dict[str, tuple[T, Any]] = {}

    def add(self, entry_id: str, entry: T, origin: Any = None) -> T:
        """Register `entry` under `entry_id`; returns it (for use in decorators)."""
        same = entry if origin is None else origin
        if entry_id in self._entries:
            known, known_origin = self._entries[entry_id]
            if (known if known_origin is None else known_origin) != same:
                where = known_origin if known_origin is not None else known
                raise DuplicateIdError(
                    f"{self.kind} id {entry_id} is taken by {where}; {same} cannot have it too"
                )
        self._entries[entry_id] = (entry, origin)
        return entry

    def remove(self, entry_id: str) -> None:
        """Forget an entry (for tests that register a throwaway one)."""
        self._entries.pop(entry_id, None)

    def discover(self, on_module: Callable[[ModuleType], None] | None = None) -> dict[str, T]:
        """Import every module under the package; return every entry, sorted by id."""
        root = importlib.import_module(self.package)
        for info in pkgutil.walk_packages(root.__path__, f"{self.package}."):
            module = importlib.import_module(info.name)
            if on_module is not None:
                on_module(module)
        return self.entries()

    def entries(self) -> dict[str, T]:
        """The entries registered so far, sorted by id (discovery not implied)."""
        return {entry_id: self._entries[entry_id][0] for entry_id in sorted(self._entries)}

    def __getitem__(self, entry_id: str) -> T:
        return self._entries[entry_id][0]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))
