"""Spec evidence: what `accord lint` said about the candidate's specs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LintRun:
    """What `accord lint` said about one specs folder: one line per problem."""

    folder: str
    problems: tuple[str, ...] = ()

    def evidence(self) -> dict[str, Any]:
        return {"kind": "lint", "folder": self.folder, "problems": list(self.problems)}
