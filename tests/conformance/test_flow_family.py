"""The `flow` family against the orders + payments fake: a card order that never gets paid and a
declined order that gets paid anyway are each reported by the check guarding it (exit 1; healthy
is in test_events_family); without a broker the event checks of the flow are skipped, not passed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

FAKES = Path(__file__).parent / "fakes"
_spec = importlib.util.spec_from_file_location(
    "accord_tests_fake_event_shop", FAKES / "fake_event_shop.py"
)
fake_event_shop = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fake_event_shop)
failed = fake_event_shop.failed


def test_a_card_order_never_paid_fails_flow_001_and_002(tmp_path, key_file):
    code, report = fake_event_shop.run_accord(tmp_path, key_file, ["never_pays"], only="flow")
    assert code == 1
    assert failed(report) == {"FLOW-001", "FLOW-002"}
    entry = next(c for c in report["checks"] if c["id"] == "FLOW-001")
    assert "not paid after" in entry["message"]
    assert entry["evidence"]["statuses"][-1].endswith("pending")


def test_a_declined_order_paid_anyway_fails_flow_003_without_a_broker(tmp_path, key_file):
    code, report = fake_event_shop.run_accord(
        tmp_path, key_file, ["declined_gets_paid"], None, "flow"
    )
    assert code == 1
    statuses = {c["id"]: (c["status"], c["message"]) for c in report["checks"]}
    assert statuses["FLOW-001"][0] == "passed"
    assert statuses["FLOW-003"][0] == "failed" and "showed paid" in statuses["FLOW-003"][1]
    reason = "the target names no broker: the flow's events cannot be observed"
    assert statuses["FLOW-002"] == statuses["FLOW-004"] == ("skipped", reason)
