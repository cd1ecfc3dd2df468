"""Fixtures for `accord lint`: a private copy of the real specs that a test breaks in one place."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.bundled import REPO_ROOT
from accord.speclint import lint
from accord.speclint.loader import JsonLikeLoader

REAL_SPECS = REPO_ROOT / "specs"


class Specs:
    """A copy of the real specs under the current directory, so report paths are `specs/...`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def edit(self, name: str, change: Callable[[Any], None]) -> None:
        """Load `name` (relative to the specs folder), apply `change` in place, write it back."""
        path = self.root / name
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=JsonLikeLoader)
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        """Replace the file `name` with `text`."""
        (self.root / name).write_text(text, encoding="utf-8")

    def lines(self) -> list[str]:
        """The report lines `accord lint` prints for these specs, without the summary."""
        return [problem.line() for problem in lint(self.root).problems]


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Specs:
    """A fresh copy of the real specs without the flows (each test breaks one other check),
    with the current directory set to its parent."""
    shutil.copytree(REAL_SPECS, tmp_path / "specs", ignore=shutil.ignore_patterns("flows"))
    monkeypatch.chdir(tmp_path)
    return Specs(tmp_path / "specs")


@pytest.fixture
def specs_with_flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Specs:
    """A fresh copy of the real specs and their flows (LINT-008)."""
    shutil.copytree(REAL_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    return Specs(tmp_path / "specs")
