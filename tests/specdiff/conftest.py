"""Fixtures for `accord diff`: specs folders built from the corpus base plus JSON merge patches."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "_base"


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: mappings merge, `null` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def apply_patches(root: Path, patches: dict[str, Any]) -> None:
    """Patch files below `root`; a file patched with `null` is deleted, a new one created."""
    for name, patch in (patches or {}).items():
        path = root / name
        if patch is None:
            path.unlink()
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(merge_patch(data, patch), sort_keys=False), "utf-8")


MakeSpecs = Callable[[str, dict | None, dict | None], Path]


@pytest.fixture
def make_specs(tmp_path: Path) -> MakeSpecs:
    """`make_specs(name, base_patches, head_patches)`: the corpus base, patched, at tmp/name."""

    def make(name: str, *patch_sets: dict | None) -> Path:
        root = tmp_path / name
        shutil.copytree(BASE, root)
        for patches in patch_sets:
            apply_patches(root, patches or {})
        return root

    return make


@pytest.fixture
def patch_specs() -> Callable[[Path, dict], None]:
    """`patch_specs(root, patches)`: apply corpus-style patches to a specs folder in place."""
    return apply_patches
