"""The one registry behind conformance checks, lint checks and diff rules."""

from __future__ import annotations

import pytest

from accord.registry import DuplicateIdError, Registry


def _package(tmp_path, name: str, modules: dict[str, str]) -> None:
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text("")
    for module, text in modules.items():
        (root / f"{module}.py").write_text(text)


def test_discovery_imports_every_module_and_lists_entries_by_id(tmp_path, monkeypatch):
    (tmp_path / "things_registry.py").write_text(
        "from accord.registry import Registry\nTHINGS = Registry('thing', 'things_pkg')\n"
    )
    _package(
        tmp_path,
        "things_pkg",
        {
            "zeta": "from things_registry import THINGS\nTHINGS.add('B-2', 'second')\n",
            "alpha": "from things_registry import THINGS\nTHINGS.add('A-9', 'first')\n",
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    from things_registry import THINGS  # type: ignore[import-not-found]

    seen: list[str] = []
    found = THINGS.discover(on_module=lambda module: seen.append(module.__name__))
    assert found == {"A-9": "first", "B-2": "second"}
    assert list(found) == sorted(found) and list(THINGS) == ["A-9", "B-2"]
    assert sorted(seen) == ["things_pkg.alpha", "things_pkg.zeta"]


def test_a_second_entry_under_a_taken_id_is_refused_naming_both():
    registry: Registry[str] = Registry("rule", "nowhere")
    registry.add("R-1", "one", origin="pkg.a.first")
    with pytest.raises(DuplicateIdError, match=r"rule id R-1 is taken by pkg\.a\.first.*pkg\.b"):
        registry.add("R-1", "two", origin="pkg.b.second")
    assert registry["R-1"] == "one"


def test_the_same_origin_registering_again_replaces_its_entry():
    registry: Registry[str] = Registry("check", "nowhere")
    registry.add("C-1", "old", origin="pkg.mod.fn")
    registry.add("C-1", "new", origin="pkg.mod.fn")  # the module imported a second time
    assert registry["C-1"] == "new"
    registry.add("C-2", "same")
    registry.add("C-2", "same")  # no origin: an equal entry is the same entry
    with pytest.raises(DuplicateIdError):
        registry.add("C-2", "different")
    registry.remove("C-2")
    assert "C-2" not in registry
