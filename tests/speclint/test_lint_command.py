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
    assert f"specs/payments/openapi.yaml: {why}\n" in capsys.readouterr().out


def test_lint_names_what_no_flow_exercises(specs_with_flows, capsys):
    assert main(["lint", "specs"]) == 0
    assert capsys.readouterr().out.endswith(
        "flows: every operation and published channel is exercised\n"
    )
    for flow in (specs_with_flows.root / "flows").glob("*.arazzo.yaml"):
        if flow.name != "seed.arazzo.yaml":  # the seed flow calls no Payments operation
            flow.unlink()
    assert main(["lint", "specs"]) == 0  # information, not a problem
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("flows: not exercised by any flow: ")
    assert {"payments.createPayment", "payments.getPayment"} <= set(
        last.split(": ")[-1].split(", ")
    )


ALONE = (
    " (this service alone: LINT-007, LINT-008 check services together; "
    "lint the folder that holds them all)"
)


@pytest.mark.parametrize("service", ["orders", "payments"])
def test_one_service_folder_is_linted_alone(specs_with_flows, capsys, service):
    """Issue 14: `accord lint specs/orders` reported the flows and the subscriptions of the
    whole system as problems, since the other services were out of its view."""
    assert main(["lint", f"specs/{service}"]) == 0
    assert capsys.readouterr().out == f"specs OK: {service}{ALONE}\n"


def test_one_service_folder_still_gets_its_own_checks(specs_with_flows, capsys):
    specs_with_flows.edit(
        "orders/service.yaml", lambda d: d["auth"]["required_scopes"].append("orders.admin")
    )
    assert main(["lint", "specs/orders"]) == 1
    assert capsys.readouterr().out == (
        "specs/orders/service.yaml:/auth/required_scopes/2: scope 'orders.admin' is not required "
        "by any operation of openapi.yaml\n"
        f"1 problem in 1 file{ALONE}\n"
    )


def test_a_flow_that_is_not_yaml_names_its_line(specs_with_flows, capsys):
    specs_with_flows.write("flows/seed.arazzo.yaml", "arazzo: 1.1.0\ninfo: [\n")
    assert main(["lint", "specs"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("specs/flows/seed.arazzo.yaml:3:1: YAML syntax error: ")
    assert out.count("seed.arazzo.yaml") == 1
