"""`accord demo` judges the services it started with the reference target: the target file in the
repository (timeouts, token minting, waivers) pointed at the demo's ports, data dir and broker."""

from __future__ import annotations

from accord.bundled import REPO_ROOT
from accord.commands.demo import write_target
from conformance.target import load_target

REFERENCE = load_target(REPO_ROOT / "targets" / "reference.yaml")


def test_the_demo_target_points_at_the_services_it_started(tmp_path, monkeypatch):
    monkeypatch.delenv("ACCORD_BROKER_URL", raising=False)
    monkeypatch.delenv("ACCORD_EXCHANGE", raising=False)
    target = load_target(write_target(tmp_path, {"orders": 18101, "payments": 18102}))
    assert {name: s.base_url for name, s in target.services.items()} == {
        "orders": "http://127.0.0.1:18101",
        "payments": "http://127.0.0.1:18102",
    }
    assert target.services["payments"].logs.file == tmp_path / "logs" / "payments.jsonl"
    assert (target.broker.url, target.broker.data_folder) == ("filesystem://", tmp_path / "broker")
    assert target.tokens["mint"]["private_key_file"] == tmp_path / "keys" / "dev-issuer.key.pem"


def test_the_demo_target_keeps_the_reference_targets_settings(tmp_path):
    target = load_target(write_target(tmp_path, {"orders": 18101, "payments": 18102}))
    assert target.timeouts == REFERENCE.timeouts
    assert target.waivers == REFERENCE.waivers
    minting = {k: v for k, v in target.tokens["mint"].items() if k != "private_key_file"}
    assert minting == {k: v for k, v in REFERENCE.tokens["mint"].items() if k != "private_key_file"}


def test_a_broker_named_in_the_environment_has_no_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    monkeypatch.setenv("ACCORD_EXCHANGE", "demo.events")
    target = load_target(write_target(tmp_path, {"orders": 18101, "payments": 18102}))
    assert (target.broker.url, target.broker.exchange, target.broker.data_folder) == (
        "amqp://guest:guest@127.0.0.1:5672//",
        "demo.events",
        None,
    )
