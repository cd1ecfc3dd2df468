"""`accord flow run` judges a deployment by Arazzo workflows, step by step, in the same reports
and with the same exit codes as `accord run`; its inputs override the workflows' defaults."""

from __future__ import annotations

import json

import yaml

from accord.cli import main
from tests.conformance.test_events_family import fake_event_shop
from tests.flows.test_engine import fast_flow


def flow_run(tmp_path, key_file, *extra, defects=()):
    flow = fast_flow(tmp_path)
    reports = tmp_path / "reports"
    with fake_event_shop.serving(tmp_path / "shop", set(defects), "filesystem://") as sections:
        document = {
            **sections,
            "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "fake"}},
            "timeouts": fake_event_shop.TIMEOUTS,
        }
        target = tmp_path / "target.yaml"
        target.write_text(yaml.safe_dump(document))
        code = main(
            [
                "flow",
                "run",
                str(flow),
                "--target",
                str(target),
                "--report-dir",
                str(reports),
                *extra,
            ]
        )
    report = reports / "report.json"
    return code, json.loads(report.read_text()) if report.exists() else {}


def by_step(report):
    return {
        c["subject"].split(":", 1)[1]: (c["status"], c["message"])
        for c in report["checks"]
        if ":" in c["subject"] and c["family"] == "flow"  # (all): no step of that kind
    }


def test_a_healthy_shop_passes_every_step(tmp_path, key_file):
    code, report = flow_run(tmp_path, key_file)
    assert code == 0, by_step(report)
    by_id = {}
    for c in report["checks"]:
        if c["family"] == "flow":
            by_id[c["id"]] = by_id.get(c["id"], 0) + 1
    # 4 HTTP steps, 5 receive steps, 2 absent steps, 1 workflow with outputs
    assert by_id == {"FLOW-001": 4, "FLOW-002": 5, "FLOW-003": 2, "FLOW-004": 1}
    assert report["verdict"]["status"] == "PASSED"
    assert {c["family"] for c in report["checks"]} == {"flow", "events", "logs"}


def test_a_wrong_status_fails_at_its_step_with_the_exchange(tmp_path, key_file):
    code, report = flow_run(
        tmp_path, key_file, "--workflow", "cardOrderIsPaid", defects=["created_200"]
    )
    assert code == 1
    steps = by_step(report)
    assert steps["cardOrderIsPaid.placeOrder"] == (
        "failed",
        "`$statusCode == 201` failed (saw $statusCode = 200)",
    )
    placed = next(c for c in report["checks"] if c["subject"].endswith("placeOrder"))
    assert placed["evidence"]["response"]["status"] == 200 and placed["evidence"]["reproduce"]
    assert placed["evidence"]["criteria"][0] == {
        "criterion": "$statusCode == 201",
        "passed": False,
        "saw": "$statusCode = 200",
    }
    later = {k: m for k, (st, m) in steps.items() if "." in k and k != "cardOrderIsPaid.placeOrder"}
    assert later and all(m.startswith("not reached") for m in later.values())
    assert steps["cardOrderIsPaid"][1].startswith("cardOrderIsPaid produced no orderId")


def test_an_input_overrides_the_workflow_default(tmp_path, key_file):
    code, report = flow_run(
        tmp_path,
        key_file,
        "--workflow",
        "cardOrderIsPaid",
        "--input",
        "paymentMethod=test_declined",
    )
    assert code == 1
    status, message = by_step(report)["cardOrderIsPaid.paymentSuccessful"]
    assert status == "failed" and message.startswith("no payment.successful message correlated")


def test_unusable_flows_and_workflows_exit_2(tmp_path, key_file, capsys):
    code, _ = flow_run(tmp_path, key_file, "--workflow", "nope")
    assert code == 2 and "--workflow nope: the flows have" in capsys.readouterr().err
    assert main(["flow", "run", str(tmp_path / "missing.yaml"), "--target", "t.yaml"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
