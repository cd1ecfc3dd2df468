"""Runs Accord's own linter (`accord lint`) over a candidate's specs folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.registry import Unavailable


@dataclass(frozen=True)
class LintRun:
    """What `accord lint` said about one specs folder: one line per problem."""

    folder: str
    problems: tuple[str, ...] = ()

    def evidence(self) -> dict[str, Any]:
        return {"kind": "lint", "folder": self.folder, "problems": list(self.problems)}


def lint_folder(folder: Path) -> LintRun:
    """Lint the folder through `accord.speclint.lint`; Unavailable when the linter is absent."""
    try:
        from accord.speclint import SpecsNotFound, lint
    except ImportError as exc:
        raise Unavailable(f"accord lint is not available ({exc})") from exc
    try:
        result = lint(folder)
    except SpecsNotFound as exc:
        return LintRun(str(folder), (str(exc),))
    return LintRun(str(folder), tuple(p.line() for p in result.problems))
