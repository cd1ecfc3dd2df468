"""A candidate that answers a setup call wrongly, or stops answering, is judged, not skipped.

The events, logs and flow families drive the candidate through calls before they can judge it.
A `POST /orders` answered 200 instead of 201 is the candidate's failure: every check that call
prevented fails with the exchange as evidence. A candidate that does not answer makes every
check an error naming the cause, and the run ends in about one connect timeout, not a timeout
per check.
"""

from __future__ import annotations

import json
import time

import jsonschema
import yaml

from accord.bundled import schema_path
from tests.conformance.fakes import fake_event_shop
from tests.conformance.fakes.dying_proxy import DyingProxy

FAMILIES = "events,logs,flow"


def test_a_setup_call_answered_wrongly_fails_the_checks_it_prevented(tmp_path, key_file):
    code, report = fake_event_shop.run_accord(tmp_path, key_file, ["created_200"], only=FAMILIES)
    assert code == 1
    statuses = {c["status"] for c in report["checks"]}
    assert "skipped" not in statuses and "error" not in statuses
    placing = ("seed:", "lifecycle:paidOrder", "lifecycle:skips")
    order_calls = [c for c in report["checks"] if c["subject"].startswith(placing)]
    assert order_calls and {c["status"] for c in order_calls} == {"failed"}
    setup = next(
        c
        for c in order_calls
        if c["subject"] == "seed:cardOrderIsPaid.placeOrder" and c["family"] == "flow"
    )
    assert setup["message"] == "`$statusCode == 201` failed (saw $statusCode = 200)"
    assert setup["evidence"]["response"]["status"] == 200
    assert setup["evidence"]["reproduce"].startswith("curl -i -X POST")
    payments = [c for c in report["checks"] if c["subject"].startswith("payments:")]
    assert {c["status"] for c in payments} == {"passed"}  # the rest was still judged


def test_a_candidate_that_dies_after_the_preflight_errors_fast(tmp_path, key_file):
    """Every service is seen alive once (the preflight), then refuses every connection."""
    from accord.cli import main

    with fake_event_shop.serving(tmp_path / "shop", set(), "filesystem://") as sections:
        for service in sections["services"].values():
            port = int(service["base_url"].rsplit(":", 1)[1])
            service["base_url"] = DyingProxy(port).url
        document = {
            **sections,
            "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "fake"}},
            "timeouts": fake_event_shop.TIMEOUTS,
        }
        target = tmp_path / "target.yaml"
        target.write_text(yaml.safe_dump(document), encoding="utf-8")
        started = time.monotonic()
        code = main(
            [
                "run",
                "--target",
                str(target),
                "--report-dir",
                str(tmp_path / "r"),
                "--only",
                FAMILIES,
            ]
        )
        elapsed = time.monotonic() - started
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    schema = json.loads(schema_path("report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    assert code == 1 and report["verdict"]["status"] == "FAILED"
    assert {c["status"] for c in report["checks"]} == {"error"}
    causes = {c["message"].split(": ")[-1] for c in report["checks"]}
    assert all("stopped answering" in c["message"] for c in report["checks"]), causes
    first = report["checks"][0]["evidence"]
    assert first["response"] is None and "ConnectError" in first["transport_error"]
    # No check waited on the dead candidate: the event and log waits never started.
    timeouts = fake_event_shop.TIMEOUTS
    assert elapsed < timeouts["connect"] + timeouts["event"] + timeouts["flow"], elapsed
