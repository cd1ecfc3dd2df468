"""`accord run --only lifecycle` against an independent fake of the whole orders contract (no
broker, no payments): healthy it passes (exit 0), the transitions that need a payment event named
as not judged; a transition that may be skipped, or a list that ignores `offset`, is reported by
the check guarding it (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

from accord.cli import main
from tests.conformance.fakes import fake_orders_contract as fake_contract

contract_target = fake_contract.contract_target  # the fixture: start(*defects) -> target file


def run(target: Path, tmp_path: Path, *extra: str) -> tuple[int, dict]:
    reports = tmp_path / "reports"
    code = main(["run", "--target", str(target), "--report-dir", str(reports), *extra])
    return code, json.loads((reports / "report.json").read_text())


def failed(report: dict) -> set[tuple[str, str]]:
    return {(c["id"], c["subject"]) for c in report["checks"] if c["status"] in ("failed", "error")}


def test_healthy_shop_passes_every_lifecycle_check(contract_target, tmp_path):
    code, report = run(contract_target(), tmp_path, "--only", "lifecycle")
    assert code == 0, failed(report)
    ids = {c["id"] for c in report["checks"]}
    assert ids == {f"LIFE-00{n}" for n in range(1, 9)}
    summary = report["summary"]
    assert summary["failed"] == summary["error"] == 0 and summary["passed"] >= 14
    reasons = {c["message"] for c in report["checks"] if c["status"] == "skipped"}
    assert reasons and all("the target names no broker" in r for r in reasons)
    assert "not judged: lifecycle " in report["verdict"]["line"]


def test_allowed_skip_is_caught_by_life_002(contract_target, tmp_path):
    code, report = run(contract_target("skip_allowed"), tmp_path, "--only", "lifecycle")
    assert code == 1
    skip = ("LIFE-002", "lifecycle:skipsAreRefused.skipToShipped")
    assert skip in failed(report)
    entry = next(c for c in report["checks"] if (c["id"], c["subject"]) == skip)
    assert entry["message"] == "`$statusCode == 409` failed (saw $statusCode = 200)"
    assert entry["evidence"]["request"]["method"] == "PATCH"
    later = failed(report) - {skip}  # the steps after it were not reached
    assert all(s.startswith("lifecycle:skipsAreRefused.") for _, s in later)


def test_ignored_offset_is_caught_by_the_list_checks(contract_target, tmp_path):
    code, report = run(contract_target("list_offset_ignored"), tmp_path, "--only", "lifecycle")
    assert code == 1
    assert failed(report) == {
        ("LIFE-006", "orders.listOrders:offset=total (past the end)"),
        ("LIFE-007", "orders.listOrders"),
    }
