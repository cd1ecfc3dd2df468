"""Unusable input found in the sweep of the commands: exit 2 and one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.cli import main


@pytest.fixture(autouse=True)
def in_tmp(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("name: [unclosed\n", "{path}: not a usable service manifest (see accord lint)"),
        ("- a list\n", "{path}: not a usable service manifest (see accord lint)"),
        ("auth: {required_scopes: 5}\n", "{path}: not a usable service manifest (see accord lint)"),
        ("name: x\n", "{specs}: no service.yaml in it declares auth.required_scopes"),
    ],
)
def test_token_with_specs_it_cannot_read_exits_2(monkeypatch, capsys, manifest, message):
    """$ACCORD_SPECS may name anyone's specs: `accord token` reads their scopes."""
    Path("specs/svc").mkdir(parents=True)
    Path("specs/svc/service.yaml").write_text(manifest, encoding="utf-8")
    monkeypatch.setenv("ACCORD_SPECS", "specs")
    assert main(["token", "--scope", "svc.read"]) == 2
    path = Path("specs/svc/service.yaml")
    expected = message.format(path=path, specs=Path("specs"))
    assert capsys.readouterr() == ("", f"accord token: {expected}\n")
