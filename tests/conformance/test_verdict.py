"""The verdict is earned: PASSED only when something was judged and nothing failed or errored;
every gap the target declared is named in the verdict line and fails under `--require`; a run
that judged nothing, or a target that cannot feed what was asked, exits 2 with one line."""

from __future__ import annotations

import json

import jwt
import pytest
import yaml

from accord.cli import main
from conformance.reports import CheckResult, Selection
from conformance.reports.verdict import verdict


def result(family: str, status: str, message: str = "", waived: bool = False) -> CheckResult:
    return CheckResult("X-001", family, "req", "desc", "s", status, message, waived=waived)


@pytest.mark.parametrize(
    ("results", "named", "status", "line"),
    [
        ([result("auth", "passed")], False, "PASSED", "PASSED: 1 check judged"),
        (
            [result("auth", "passed"), result("logs", "skipped", "no log source")],
            False,
            "PASSED",
            "PASSED: 1 check judged; not judged: logs (no log source)",
        ),
        (
            [result("auth", "passed"), result("auth", "skipped", "static tokens")],
            False,
            "PASSED",
            "PASSED: 1 check judged; not judged: auth 1 of 2 (static tokens)",
        ),
        (
            [result("auth", "passed"), result("auth", "skipped", "waived: r", waived=True)],
            False,
            "PASSED",
            "PASSED: 1 check judged; waived: X-001",
        ),
        (
            [result("auth", "passed"), result("auth", "error", "boom")],
            False,
            "FAILED",
            "FAILED: 0 failed, 1 error of 2 checks judged",
        ),
        (
            [result("auth", "passed"), result("logs", "skipped", "waived: r", waived=True)],
            True,
            "FAILED",
            "FAILED: 0 failed, 0 error of 1 check judged; --only names logs, which judged "
            "nothing; waived: X-001",
        ),
        (
            [result("auth", "skipped", "no tokens"), result("logs", "skipped", "no logs")],
            False,
            "NOTHING JUDGED",
            "NOTHING JUDGED: 2 checks selected, none judged; not judged: auth (no tokens), "
            "logs (no logs)",
        ),
    ],
)
def test_verdict_rules(results, named, status, line):
    found = verdict(results, Selection(("auth", "logs"), named))
    assert (found.status, found.line) == (status, line)
    assert found.exit_code == {"PASSED": 0, "FAILED": 1, "NOTHING JUDGED": 2}[status]


def run(tmp_path, target, *extra):
    reports = tmp_path / "reports"
    report = reports / "report.json"
    report.unlink(missing_ok=True)
    code = main(["run", "--target", str(target), "--report-dir", str(reports), *extra])
    return code, json.loads(report.read_text()) if report.exists() else {}


def static_tokens(key_file, scope_sets):
    """Tokens the fake trusts, one per scope set, keyed as the docs show."""
    from tests.conformance.conftest import fake_orders

    key = key_file.read_bytes()
    claims = {"iss": fake_orders.ISSUER, "aud": "orders", "exp": 4102444800}
    return {s: jwt.encode({**claims, "scope": s}, key, "RS256") for s in scope_sets}


def with_tokens(path, tokens):
    document = yaml.safe_load(path.read_text())
    document["tokens"] = {"static": tokens}
    path.write_text(yaml.safe_dump(document))
    return path


ALL_SETS = ["orders.read", "orders.write", "orders.read orders.write", ""]


def test_static_tokens_judge_auth_and_name_what_they_cannot(
    serve_fake, write_target, tmp_path, key_file
):
    target = with_tokens(write_target(serve_fake()), static_tokens(key_file, ALL_SETS))
    code, report = run(tmp_path, target, "--only", "auth")
    line = report["verdict"]["line"]
    assert code == 0, line
    assert line.startswith("PASSED: ") and "; not judged: auth " in line
    assert "tokens.static cannot re-sign tokens (expired); use tokens.mint" in line
    assert isinstance(report["run"]["seed"], int)  # chosen when not given: the run repeats
    judged = report["families"]["auth"]
    assert 0 < judged["judged"] < judged["total"] == judged["judged"] + judged["skipped"]
    code, report = run(tmp_path, target, "--only", "auth", "--require", "auth")
    assert code == 1 and report["verdict"]["status"] == "FAILED"
    assert {c["status"] for c in report["checks"]} == {"passed", "failed"}


def test_static_tokens_missing_a_scope_set_are_refused_before_the_run(
    serve_fake, write_target, tmp_path, key_file, capsys
):
    target = with_tokens(write_target(serve_fake()), static_tokens(key_file, ALL_SETS[:2]))
    code, report = run(tmp_path, target, "--only", "auth")
    err = capsys.readouterr().err
    assert (code, report) == (2, {})
    assert err.count("\n") == 1 and "tokens.static lacks the scope sets" in err
    assert "'orders.read orders.write'" not in err  # auth alone never asks for the service set
    assert '""' in err  # the scope-less token AUTH-008 needs
    code, _ = run(tmp_path, target, "--only", "api")
    assert "'orders.read orders.write'" in capsys.readouterr().err and code == 2


def test_a_run_that_judged_nothing_exits_2(serve_fake, write_target, tmp_path, capsys):
    target = write_target(serve_fake(), waivers=[{"check": "SPEC-001", "reason": "r"}])
    code, report = run(tmp_path, target, "--only", "specs")
    assert code == 2
    assert report["verdict"]["line"] == (
        "NOTHING JUDGED: 1 check selected, none judged; waived: SPEC-001"
    )


@pytest.mark.parametrize(
    ("extra", "edit", "message"),
    [
        (["--max-examples", "0"], {}, "--max-examples must be at least 1, not 0"),
        (["--max-examples", "-1"], {}, "--max-examples must be at least 1, not -1"),
        (["--require", "nope"], {}, "--require names nope; --only selects auth"),
        (["--only", "auth", "--require", "errors"], {}, "--require names errors; --only selects"),
        ([], {"private_key_file": "missing.pem"}, "missing.pem: No such file or directory"),
        ([], {"private_key_file": "target.yaml"}, "cannot sign RS256"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    serve_fake, write_target, tmp_path, capsys, extra, edit, message
):
    target = write_target(serve_fake())
    if edit:
        document = yaml.safe_load(target.read_text())
        document["tokens"]["mint"].update(edit)
        target.write_text(yaml.safe_dump(document))
    code, report = run(tmp_path, target, "--only", "auth", *extra)
    err = capsys.readouterr().err
    assert (code, report, err.count("\n")) == (2, {}, 1), err
    assert message in err


def test_a_report_dir_that_is_a_file_is_refused_before_the_run(
    serve_fake, write_target, tmp_path, capsys
):
    target = write_target(serve_fake())
    blocker = tmp_path / "reports.txt"
    blocker.write_text("")
    code = main(["run", "--target", str(target), "--report-dir", str(blocker), "--only", "auth"])
    assert code == 2 and "is a file, not a folder" in capsys.readouterr().err


def test_a_spec_that_does_not_load_is_refused_before_the_run(
    serve_fake, write_target, tmp_path, capsys
):
    specs = tmp_path / "specs" / "orders"
    specs.mkdir(parents=True)
    (specs / "openapi.yaml").write_text("openapi: [unclosed\n")
    target = write_target(serve_fake())
    document = yaml.safe_load(target.read_text())
    document["services"]["orders"]["specs"] = str(specs)
    target.write_text(yaml.safe_dump(document))
    code, report = run(tmp_path, target, "--only", "auth")
    err = capsys.readouterr().err
    assert (code, report, err.count("\n")) == (2, {}, 1)
    assert "service orders: cannot read" in err and "openapi.yaml" in err
