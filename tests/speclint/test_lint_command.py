"""`accord lint [DIR]`: the real specs are clean; exit 0 if clean, 1 on problems, 2 on bad input."""

from __future__ import annotations

import pytest

from accord.bundled import REPO_ROOT
from accord.cli import main
from accord.speclint import lint

REAL_SPECS = REPO_ROOT / "specs"


def test_real_specs_lint_clean():
    assert [p.line() for p in lint(REAL_SPECS).problems] == []


def test_default_is_the_bundled_specs(specs, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_SPECS", str(specs.root))
    assert main(["lint"]) == 0
    assert capsys.readouterr().out == "specs OK: orders, payments\n"


def test_problems_exit_1_with_a_summary(specs, capsys):
    specs.edit("orders/service.yaml", lambda d: d.update(api="./openapi.yml"))
    assert main(["lint", "specs"]) == 1
    assert capsys.readouterr().out == (
        "specs/orders/service.yaml:/api: './openapi.yml' does not resolve to a file\n"
        "1 problem in 1 file\n"
    )


def test_missing_folder_exits_2_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "nowhere"]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "accord lint: nowhere: no such folder\n")


def test_folder_without_services_exits_2(tmp_path, monkeypatch, capsys):
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "empty"]) == 2
    assert capsys.readouterr().err == "accord lint: empty: no service.yaml found\n"


def test_a_file_instead_of_a_folder_exits_2(tmp_path, monkeypatch, capsys):
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "openapi.yaml"]) == 2
    assert capsys.readouterr().err == "accord lint: openapi.yaml: not a folder\n"


def _nested(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (f"x: {_nested(100)}\n", "nested more than 64 levels deep (or a recursive alias)"),
        (f"x: {_nested(2000)}\n", "nested more than 64 levels deep"),  # beyond PyYAML's reach
        ("x: &loop [*loop]\n", "nested more than 64 levels deep (or a recursive alias)"),
    ],
)
def test_a_document_nested_too_deep_is_a_problem_not_a_crash(specs, capsys, text, why):
    specs.write("payments/openapi.yaml", text)
    assert main(["lint", "specs"]) == 1
    assert f"specs/payments/openapi.yaml:: {why}\n" in capsys.readouterr().out


def test_lint_names_what_no_flow_exercises(specs_with_flows, capsys):
    assert main(["lint", "specs"]) == 0
    assert capsys.readouterr().out.endswith(
        "flows: every operation and published channel is exercised\n"
    )
    (specs_with_flows.root / "flows" / "payments.arazzo.yaml").unlink()
    assert main(["lint", "specs"]) == 0  # information, not a problem
    assert capsys.readouterr().out.endswith(
        "flows: not exercised by any flow: payments.createPayment, payments.getPayment\n"
    )
