"""`accord run` against a small independent fake: healthy passes (exit 0); each seeded defect is
reported by the check that guards it (exit 1); missing inputs and waivers are named in the verdict,
never passed, and fail under `--require`."""

from __future__ import annotations

import json
import subprocess
import sys

from accord.cli import main


def run(target, tmp_path, *extra: str) -> tuple[int, dict]:
    reports = tmp_path / "reports"
    report = reports / "report.json"
    report.unlink(missing_ok=True)
    code = main(["run", "--target", str(target), "--report-dir", str(reports), *extra])
    return code, json.loads(report.read_text()) if report.exists() else {}


def failed(report: dict) -> set[tuple[str, str]]:
    return {(c["id"], c["subject"]) for c in report["checks"] if c["status"] == "failed"}


def test_healthy_fake_passes(serve_fake, write_target, tmp_path):
    code, report = run(write_target(serve_fake()), tmp_path, "--only", "auth,errors")
    assert code == 0, failed(report)
    assert report["summary"]["passed"] == report["summary"]["total"] > 20


def test_scope_not_enforced_is_caught_by_the_scope_checks(serve_fake, write_target, tmp_path):
    target = write_target(serve_fake("scope_not_enforced"))
    code, report = run(target, tmp_path, "--only", "auth,errors")
    assert code == 1
    assert failed(report) == {
        ("AUTH-008", "orders.createOrder"),
        ("AUTH-008", "orders.getOrder"),
        ("AUTH-009", "orders.createOrder"),
        ("AUTH-010", "orders.createOrder"),
        ("AUTH-010", "orders.getOrder"),
    }


def test_wrong_problem_type_is_caught_by_err_001(serve_fake, write_target, tmp_path):
    code, report = run(write_target(serve_fake("wrong_problem_type")), tmp_path, "--only", "errors")
    assert code == 1
    assert failed(report) == {("ERR-001", "orders.createOrder")}
    entry = next(c for c in report["checks"] if c["status"] == "failed")
    assert "validation_error" in entry["message"]
    assert entry["evidence"]["response"]["status"] == 400


def without_tokens(target):
    text = target.read_text().split("tokens:")[0]  # drop the tokens section (last keys follow)
    target.write_text(text + "timeouts: {connect: 1}\n")
    return target


def test_only_a_family_the_target_cannot_feed_is_refused(serve_fake, write_target, tmp_path):
    target = without_tokens(write_target(serve_fake()))
    code, report = run(target, tmp_path, "--only", "specs,auth")
    assert (code, report) == (2, {})


def test_waived_check_is_skipped_with_its_reason(serve_fake, write_target, tmp_path):
    waiver = {"check": "ERR-001", "reason": "known: legacy problem type until v2"}
    target = write_target(serve_fake("wrong_problem_type"), waivers=[waiver])
    code, report = run(target, tmp_path, "--only", "errors")
    assert code == 0
    entry = next(c for c in report["checks"] if c["id"] == "ERR-001")
    assert (entry["status"], entry["message"]) == ("skipped", f"waived: {waiver['reason']}")


def test_runs_as_a_plain_pytest_plugin(serve_fake, write_target, tmp_path):
    target = write_target(serve_fake("wrong_problem_type"))
    argv = ["-m", "pytest", "-p", "conformance.plugin", "--target", str(target), "--only", "errors"]
    done = subprocess.run(
        [sys.executable, *argv, "-q"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1, done.stdout
    assert "ERR-001[orders.createOrder]" in done.stdout
    assert "13 passed" in done.stdout
    assert "FAILED: 1 failed, 0 error of 14 checks judged" in done.stdout


def test_specs_family_reports_lint_problems(serve_fake, tmp_path, key_file):
    broken = tmp_path / "specs" / "orders"
    broken.mkdir(parents=True)
    (broken / "service.yaml").write_text("name: orders\n")
    target = tmp_path / "target.yaml"
    target.write_text(
        f"services: {{orders: {{base_url: '{serve_fake()}', specs: specs/orders}}}}\n"
    )
    code, report = run(target, tmp_path, "--only", "specs")
    assert code == 1
    assert failed(report) == {("SPEC-001", "target")}
    assert report["checks"][0]["evidence"]["problems"]
