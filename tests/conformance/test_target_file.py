"""Target files: validated by their schema, paths resolved; unusable ones exit 2 in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import bundled
from accord.cli import main
from conformance.target import TargetError, load_target

REPO = Path(__file__).resolve().parents[2]


def test_reference_target_loads_with_resolved_paths():
    target = load_target(REPO / "targets" / "reference.yaml")
    assert target.services["orders"].base_url == "http://127.0.0.1:8001"
    assert target.services["payments"].specs == (bundled.specs_dir() / "payments").resolve()
    assert target.tokens["mint"]["private_key_file"] == REPO / "var/keys/dev-issuer.key.pem"
    assert target.broker.data_folder == REPO / "var" / "broker"
    assert target.services["orders"].logs.file.resolve() == REPO / "var/logs/orders.jsonl"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("services: [", "not valid YAML"),
        ("services: {}", "/services"),
        ("services: {orders: {base_url: ftp://x}}", "/services/orders/base_url"),
        (
            "services: {orders: {base_url: 'http://x'}}\nbroker: {url: 'filesystem://'}",
            "data_folder",
        ),
        ("services: {orders: {base_url: 'http://x'}}\ntokens: {static: {}, mint: {}}", "/tokens"),
        ("services: {orders: {base_url: 'http://x', specs: nowhere}}", "does not exist"),
        ("services: {orders: {base_url: 'http://x'}}\nwaivers: [{check: AUTH-001}]", "reason"),
    ],
)
def test_invalid_target_is_one_clear_reason(tmp_path, text, reason):
    path = tmp_path / "target.yaml"
    path.write_text(text)
    with pytest.raises(TargetError, match=reason):
        load_target(path)


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(["run", *argv])
    return code, capsys.readouterr().err


def test_missing_file_exits_2_in_one_line(tmp_path, capsys):
    code, err = run_cli(capsys, "--target", str(tmp_path / "absent.yaml"))
    assert code == 2
    assert err.count("\n") == 1 and "cannot read target file" in err


def test_unreachable_service_exits_2_in_one_line(write_target, capsys):
    code, err = run_cli(capsys, "--target", str(write_target("http://127.0.0.1:9")))
    assert code == 2
    assert err.strip() == (
        "accord run: service orders is not reachable at http://127.0.0.1:9 (ConnectError)"
    )


def test_unknown_family_and_waiver_exit_2(serve_fake, write_target, capsys):
    path = write_target(serve_fake())
    code, err = run_cli(capsys, "--target", str(path), "--only", "auth,nope")
    assert (code, err.count("\n")) == (2, 1) and "--only names nope; the known families" in err
    path = write_target(serve_fake(), waivers=[{"check": "XYZ-999", "reason": "r"}])
    code, err = run_cli(capsys, "--target", str(path))
    assert code == 2 and "unknown check XYZ-999" in err
