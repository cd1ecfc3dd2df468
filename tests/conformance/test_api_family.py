"""`accord run --only api` (Schemathesis, every phase and built-in check) against an independent
fake of the whole orders contract: healthy it passes (exit 0); a 5xx on some input and bodies that
break the response schema are reported by the checks guarding them (exit 1), with the request,
the response and a curl command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.cli import main
from tests.conformance.fakes import fake_orders_contract as fake_contract

contract_target = fake_contract.contract_target  # the fixture: start(*defects) -> target file

API = ("--only", "api", "--seed", "7", "--max-examples", "25")


def run(target: Path, tmp_path: Path, *extra: str) -> tuple[int, dict]:
    reports = tmp_path / "reports"
    code = main(["run", "--target", str(target), "--report-dir", str(reports), *extra])
    return code, json.loads((reports / "report.json").read_text())


def failed(report: dict) -> set[tuple[str, str]]:
    return {(c["id"], c["subject"]) for c in report["checks"] if c["status"] in ("failed", "error")}


@pytest.fixture(scope="module")
def operations() -> set[str]:
    return {
        "orders.createOrder",
        "orders.listOrders",
        "orders.getOrder",
        "orders.updateOrderStatus",
    }


def test_healthy_shop_passes_every_api_check(contract_target, tmp_path, operations):
    code, report = run(contract_target(), tmp_path, *API)
    assert code == 0, failed(report)
    assert {c["subject"] for c in report["checks"]} == operations
    assert report["summary"]["passed"] == report["summary"]["total"] == 13 * len(operations)
    assert all(c["evidence"]["judged"] > 0 for c in report["checks"])


def test_server_error_is_caught_by_api_001(contract_target, tmp_path):
    code, report = run(contract_target("crash_on_long_customer"), tmp_path, *API)
    assert code == 1
    assert failed(report) == {("API-001", "orders.createOrder")}
    entry = next(c for c in report["checks"] if c["status"] == "failed")
    assert entry["evidence"]["response"]["status"] == 500
    assert entry["evidence"]["request"]["method"] == "POST"
    assert "Bearer" in entry["evidence"]["request"]["headers"]["Authorization"]
    assert "[redacted" in entry["evidence"]["request"]["headers"]["Authorization"]
    html = (tmp_path / "reports" / "report.html").read_text()
    assert "curl -i -X POST" in html and "API-001" in html
    assert_every_failure_listed(entry)


def assert_every_failure_listed(entry: dict) -> None:
    """The message is one line counting the failures; the evidence holds each of them with
    its title, message, phase, status and its own request and response, ready for curl."""
    failures = entry["evidence"]["failures"]
    assert failures and "\n" not in entry["message"]
    more = f"(+{len(failures) - 1} more)"
    assert entry["message"].endswith(more) == (len(failures) > 1)
    assert len({(f["title"], f["message"]) for f in failures}) == len(failures)
    for failure in failures:
        assert failure["title"] and failure["phase"] in (
            "examples",
            "coverage",
            "fuzzing",
            "stateful",
        )
        exchange = failure["exchange"]
        assert failure["status"] == exchange["response"]["status"]
        assert exchange["request"]["url"].startswith("http://127.0.0.1:")
        assert exchange["reproduce"].startswith(f"curl -i -X {exchange['request']['method']} ")
        assert "[redacted" in exchange["request"]["headers"]["Authorization"]


def test_schema_violating_bodies_are_caught_by_api_005(contract_target, tmp_path, operations):
    code, report = run(contract_target("items_as_text"), tmp_path, *API)
    assert code == 1
    assert failed(report) == {("API-005", op) for op in operations}
    assert all(
        "is not of type" in c["message"] for c in report["checks"] if c["status"] == "failed"
    )
    for entry in report["checks"]:
        if entry["status"] == "failed":
            assert_every_failure_listed(entry)
