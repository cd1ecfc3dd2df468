"""Runs Accord's own linter (`accord lint`) over a candidate's specs folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conformance.observations.specs import LintRun
from conformance.registry import SetupFailed


def lint_services(folders: dict[str, Path]) -> LintRun:
    """Lint the services' specs as one set, so cross-service checks see every publisher.

    Folders that already sit side by side under their service names are linted in place; others
    are gathered into a temporary folder of symlinks named by service.
    """
    parents = {folder.resolve().parent for folder in folders.values()}
    named = all(folder.resolve().name == name for name, folder in folders.items())
    if len(parents) == 1 and named:
        return lint_folder(parents.pop())
    with tempfile.TemporaryDirectory(prefix="accord-specs-") as tmp:
        for name, folder in folders.items():
            (Path(tmp) / name).symlink_to(folder.resolve(), target_is_directory=True)
        return lint_folder(Path(tmp))


def lint_folder(folder: Path) -> LintRun:
    """Lint the folder through `accord.speclint.lint`; SetupFailed when the linter is absent."""
    try:
        from accord.speclint import SpecsNotFound, lint
    except ImportError as exc:
        raise SetupFailed(f"accord lint is not available ({exc})") from exc
    try:
        result = lint(folder)
    except SpecsNotFound as exc:
        return LintRun(str(folder), (str(exc),))
    return LintRun(str(folder), tuple(p.line() for p in result.problems))
