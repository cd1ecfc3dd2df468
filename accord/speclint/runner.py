"""Run `accord lint`: discover services, validate their documents, then cross-check them."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from accord.speclint.loader import MANIFEST, Loader, Service
from accord.speclint.problem import Problem, display
from accord.speclint.registry import all_checks
from accord.speclint.validate import validate


class SpecsNotFound(Exception):
    """The folder to lint does not exist or holds no service."""


@dataclass(frozen=True)
class LintResult:
    """The services linted and the problems found, sorted by file and pointer; `skipped`: the
    checks between services, not run when the folder linted is one service's own."""

    services: list[Service]
    problems: list[Problem]
    skipped: tuple[str, ...] = ()

    @property
    def files(self) -> set[Path]:
        """The files that have at least one problem."""
        return {p.file for p in self.problems}


def discover(root: Path) -> list[Path]:
    """The service folders under `root`: those holding a `service.yaml`."""
    if not root.is_dir():
        raise SpecsNotFound(f"{display(root)}: {'not a' if root.exists() else 'no such'} folder")
    # os.walk follows symlinked service folders (Path.rglob does not before Python 3.13).
    folders = sorted(
        Path(d) for d, _, files in os.walk(root, followlinks=True) if MANIFEST in files
    )
    if not folders:
        raise SpecsNotFound(f"{display(root)}: no {MANIFEST} found")
    return folders


def lint(root: Path) -> LintResult:
    """Lint every service found under `root`; when `root` is one service's folder, that service
    alone: the checks between services need the folder that holds them all."""
    loader = Loader()
    services = [loader.service(folder) for folder in discover(root)]
    validate(services)
    problems = {p for doc in loader.documents for p in doc.problems}
    alone = is_service_folder(root)
    skipped = tuple(c.id for c in all_checks() if alone and c.between_services)
    for check in all_checks():
        if check.id not in skipped:
            problems.update(replace(p, check=check.id) for p in check.run(services))
    return LintResult(services, sorted(problems, key=_order), skipped)


def is_service_folder(root: Path) -> bool:
    """True when `root` is a service's own folder (it holds a `service.yaml`)."""
    return (root / MANIFEST).is_file()


def _order(problem: Problem) -> tuple[str, str, str, str]:
    """By file, then pointer (a parent before its children), then message."""
    return display(problem.file), problem.pointer, problem.message, problem.check
