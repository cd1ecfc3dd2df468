"""Where the bundled contracts live: `specs/` beside the packages (checkout or editable install)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def specs_dir() -> Path:
    """The specs folder: $ACCORD_SPECS if set, else the bundled `specs/`."""
    return Path(os.environ.get("ACCORD_SPECS", REPO_ROOT / "specs"))


def schema_path(name: str) -> Path:
    """A JSON Schema that ships with Accord (`accord/schemas/<name>`)."""
    return Path(__file__).resolve().parent / "schemas" / name
