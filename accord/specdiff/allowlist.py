"""The allow-list: specific changes accepted on purpose, each with a reason, in a checked-in file.

```yaml
allow:
  - rule: RESPONSE-PROPERTY-REMOVED
    document: specs/orders/openapi.yaml
    pointer: /components/schemas/Order/properties/legacyId
    reason: nobody reads it (see ADR 12)
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from accord.specdiff.model import Change
from accord.specdiff.tree import DiffInputError

FILENAME = ".accord-allow.yaml"
FIELDS = ("rule", "document", "pointer", "reason")


@dataclass(frozen=True)
class Allowance:
    """One allowed change: rule, document, pointer, and why."""

    rule: str
    document: str
    pointer: str
    reason: str

    def matches(self, change: Change) -> bool:
        """Same rule and pointer; the document with or without the specs folder in front."""
        if (self.rule, self.pointer) != (change.rule.id, change.pointer):
            return False
        mine, theirs = _norm(self.document), _norm(change.document)
        return mine == theirs or theirs.endswith("/" + mine)


def _norm(document: str) -> str:
    return document.removeprefix("./").strip("/")


def load_allowlist(path: Path) -> list[Allowance]:
    """Read the allow-list at `path`; DiffInputError for a malformed file or a missing reason."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, RecursionError, yaml.YAMLError) as exc:
        raise DiffInputError(f"{path}: cannot read the allow-list: {_first_line(exc)}") from None
    entries = data.get("allow") if isinstance(data, dict) else data
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise DiffInputError(f"{path}: expected a list under `allow`")
    return [_entry(path, i, entry) for i, entry in enumerate(entries)]


def _entry(path: Path, index: int, entry: object) -> Allowance:
    if not isinstance(entry, dict):
        raise DiffInputError(f"{path}: entry {index + 1} is not a mapping")
    missing = [f for f in FIELDS if not isinstance(entry.get(f), str) or not entry[f].strip()]
    if missing:
        raise DiffInputError(f"{path}: entry {index + 1} needs {', '.join(missing)}")
    return Allowance(*(entry[f].strip() if f != "pointer" else entry[f] for f in FIELDS))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def apply_allowlist(changes: list[Change], allowances: list[Allowance]) -> list[Allowance]:
    """Mark allowed changes with their reason; return the entries that matched nothing."""
    used: set[Allowance] = set()
    for change in changes:
        for allowance in allowances:
            if allowance.matches(change):
                change.allowed = allowance.reason
                used.add(allowance)
                break
    return [a for a in allowances if a not in used]
