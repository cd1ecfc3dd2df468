"""Paths the user gives the CLI, checked before any work: one line naming the path, exit 2.

A report written after minutes of work must not fail on a typo in `--output`, and a data folder
that cannot hold the services' files must not surface as a traceback from deep in a service.
"""

from __future__ import annotations

import os
from pathlib import Path

from accord.cli import UsageError


def check_output_file(path: Path, option: str, *, make_folders: bool = False) -> None:
    """Fail now when `path` cannot be written as a file.

    `make_folders`: the command creates missing folders itself, so the nearest existing one
    must be a writable folder; otherwise the file's own folder must exist.
    """
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a folder, not a file")
    folder = _nearest_existing(path.parent) if make_folders else path.parent
    if not folder.exists():
        raise UsageError(f"{option} {path}: no such folder {folder}")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {path}: not writable")


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder
