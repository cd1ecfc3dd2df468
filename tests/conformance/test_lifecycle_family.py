"""`accord run --only lifecycle` against an independent fake of the whole orders contract: healthy
it passes (exit 0); a transition that may be skipped, or a list that ignores `offset`, is reported
by the check guarding it (exit 1)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from accord.cli import main

FAKES = Path(__file__).parent / "fakes"
_spec = importlib.util.spec_from_file_location(
    "accord_tests_fake_orders_contract", FAKES / "fake_orders_contract.py"
)
fake_contract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fake_contract)
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
    assert report["summary"]["passed"] == report["summary"]["total"] == 25


def test_allowed_skip_is_caught_by_life_002(contract_target, tmp_path):
    code, report = run(contract_target("skip_allowed"), tmp_path, "--only", "lifecycle")
    assert code == 1
    assert failed(report) == {
        ("LIFE-002", "orders:pending->shipped"),
        ("LIFE-002", "orders:pending->delivered"),
        ("LIFE-002", "orders:paid->delivered"),
    }
    entry = next(c for c in report["checks"] if c["status"] == "failed")
    assert entry["message"].endswith("expected 409, got 200")
    assert entry["evidence"]["request"]["method"] == "PATCH"
    assert entry["evidence"]["then_get"]["status"] == 200


def test_ignored_offset_is_caught_by_the_list_checks(contract_target, tmp_path):
    code, report = run(contract_target("list_offset_ignored"), tmp_path, "--only", "lifecycle")
    assert code == 1
    assert failed(report) == {
        ("LIFE-006", "orders.listOrders:offset=total (past the end)"),
        ("LIFE-007", "orders.listOrders"),
    }
