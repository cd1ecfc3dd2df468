"""The `pacts` family: every interaction of the repository's pacts verified by pact-python's
Verifier, each its own result. Against the reference (`accord serve`, a black box) HTTP
interactions pass with provider states set up through the API, and message interactions pass on
the real events captured from its broker; against a fake Payments with a seeded defect the
interaction it breaks fails, named, with the Verifier's mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from accord.cli import main
from tests.conformance.fakes import fake_payments_provider, reference_process


def run_pacts(target: Path, reports: Path) -> tuple[int, dict]:
    code = main(["run", "--target", str(target), "--report-dir", str(reports), "--only", "pacts"])
    return code, json.loads((reports / "report.json").read_text())


def results(report: dict) -> dict[str, tuple[str, str, str]]:
    return {c["subject"]: (c["id"], c["status"], c["message"]) for c in report["checks"]}


@pytest.mark.slow
def test_the_reference_honours_every_pact(tmp_path):
    with reference_process.Reference(tmp_path / "var") as reference:
        code, report = run_pacts(reference.target(tmp_path / "target.yaml"), tmp_path / "r")
    got = results(report)
    assert code == 0, {s: r for s, r in got.items() if r[1] != "passed"}
    assert got["orders-payments.json:a payment.successful event"][:2] == ("PACT-002", "passed")
    assert got["shipping-notifier-orders.json:a request for a shipped order"][:2] == (
        "PACT-001",
        "passed",
    )
    assert report["families"]["pacts"]["total"] == 10
    message = next(c for c in report["checks"] if c["id"] == "PACT-002")
    assert message["evidence"]["event"]["routing_key"]  # judged on a captured event
    assert "Bearer ey" not in json.dumps(report)  # tokens never reach the report


@pytest.mark.slow
def test_a_seeded_defect_fails_naming_the_interaction(tmp_path, key_file):
    with fake_payments_provider.FakePayments({"declined_status"}) as fake:
        document = {
            "services": {"payments": {"base_url": fake.url}},
            "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "fake"}},
        }
        target = tmp_path / "target.yaml"
        target.write_text(yaml.safe_dump(document), encoding="utf-8")
        code, report = run_pacts(target, tmp_path / "r")
    got = results(report)
    assert code == 1
    declined = got["orders-payments.json:a request for a payment that will be declined"]
    assert declined[:2] == ("PACT-001", "failed")
    assert "$.status" in declined[2] and "declined" in declined[2]
    found = got["orders-payments.json:a request for an existing payment"]
    assert found[1] == "passed"  # the state "a payment exists" was set up through POST /payments
    assert got["orders-payments.json:a request for a payment that does not exist"][1] == "passed"
    # no broker in this target: message pacts skipped with the reason; no orders service either
    assert got["orders-payments.json:a payment.failed event"][1:] == (
        "skipped",
        "the target names no broker: message pacts are judged on real events",
    )
    assert got["shipping-notifier-orders.json:a request for a shipped order"][1:] == (
        "skipped",
        "the target names no orders service",
    )


def test_an_unknown_state_without_a_state_change_url_is_skipped(tmp_path, key_file):
    pact = json.loads((Path(__file__).parents[2] / "pacts/orders-payments.json").read_text())
    pact["interactions"] = [
        {**i, "providerStates": [{"name": "the moon is full", "params": {}}]}
        for i in pact["interactions"]
        if i["description"] == "a request for a card payment"
    ]
    (tmp_path / "pacts").mkdir()
    (tmp_path / "pacts" / "moon.json").write_text(json.dumps(pact), encoding="utf-8")
    document = {
        "services": {"payments": {"base_url": "http://127.0.0.1:9"}},
        "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "fake"}},
        "pacts": "pacts",
    }
    target = tmp_path / "target.yaml"
    target.write_text(yaml.safe_dump(document), encoding="utf-8")
    from conformance.context import RunContext
    from conformance.probes.pacts import interactions, verify
    from conformance.registry import Declared
    from conformance.target import load_target

    ctx = RunContext(load_target(target))
    (only,) = interactions(ctx)
    assert only.subject == "moon.json:a request for a card payment"
    with pytest.raises(Declared, match="no state_change_url for payments"):
        verify(ctx, only)


def test_the_target_names_its_pact_source(tmp_path):
    from conformance.target import TargetError, load_target

    base = {"services": {"payments": {"base_url": "http://127.0.0.1:1"}}}
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(base), encoding="utf-8")
    assert load_target(path).pacts.path.name == "pacts"  # default: the repository's pacts/
    path.write_text(yaml.safe_dump({**base, "pacts": "https://broker.example/"}))
    assert load_target(path).pacts.broker_url == "https://broker.example"
    path.write_text(yaml.safe_dump({**base, "pacts": "nowhere"}))
    with pytest.raises(TargetError, match="does not exist"):
        load_target(path)
    url = {"base_url": "http://127.0.0.1:1", "state_change_url": "http://127.0.0.1:2/state"}
    path.write_text(yaml.safe_dump({"services": {"payments": url}}))
    assert load_target(path).services["payments"].state_change_url == "http://127.0.0.1:2/state"
