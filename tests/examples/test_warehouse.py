"""Proof that Accord is not just our system: a warehouse Inventory service unknown to `specs/`.

examples/warehouse/ brings its own contracts (service.yaml, OpenAPI 3.0.3 with its own scopes
and problem types, AsyncAPI 2.6 CloudEvents on its own exchange, correlated by
`data.reservationId`), its own Arazzo flow and target file, and a small implementation. Served
in a thread (uvicorn, plain Kombu on a `filesystem://` broker, RS256 tokens checked with PyJWT),
it is judged by the `accord` CLI in its own process, with nothing in conformance/ changed:
the specs lint clean, every step of the flow passes, and a seeded defect fails the step that
guards it, naming the channel and the correlation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from inventory_service.serve import ISSUER, inventory_app, serving_in_thread

from accord.commands.flow import FAMILY
from conformance.target import load_target

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "warehouse"
SPECS = EXAMPLE / "specs"
FLOWS = SPECS / "flows"
FLOW = FLOWS / "reservations.arazzo.yaml"
HELD = "reservationIsHeldThenReleased"
SOLD_OUT = "soldOutReservationIsRejected"
STEPS = {
    HELD: [
        "reserve",
        "stockReserved",
        "noStockRejected",
        "reservationShowsReserved",
        "stockShowsReserved",
        "release",
        "stockReleased",
        "reservationShowsReleased",
    ],
    SOLD_OUT: [
        "reserve",
        "stockRejected",
        "noStockReserved",
        "reservationShowsRejected",
        "releaseIsRefused",
        "noStockReleased",
    ],
}
TIMEOUTS = {"connect": 1, "request": 5, "event": 2, "logs": 2, "flow": 5}

pytestmark = pytest.mark.slow  # the service in a thread, the accord CLI in its own process


def accord(*args: str) -> subprocess.CompletedProcess[str]:
    """The `accord` CLI in its own process, as a user runs it."""
    command = [sys.executable, "-m", "accord", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=90)


def fast_flow(folder: Path) -> Path:
    """The example flow with receive timeouts cut for tests (the service settles in 50 ms)."""
    document = yaml.safe_load(FLOW.read_text(encoding="utf-8"))
    for source in document["sourceDescriptions"]:
        source["url"] = str((FLOW.parent / source["url"]).resolve())
    for workflow in document["workflows"]:
        for step in workflow["steps"]:
            if "timeout" in step:
                step["timeout"] = 400 if step.get("x-accord-absent") else 2000
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FLOW.name
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


@contextmanager
def deployment(
    tmp_path: Path, key_file: Path, signing_key, faults=(), flows: Path | None = None
) -> Iterator[Path]:
    """Serve the inventory (with `faults`) and write its target file: the example's own
    target.yaml with what this deployment changes (URL, data folder, key, timeouts, flows)."""
    public_key = signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    data = tmp_path / "var"
    with (
        inventory_app(data, public_key, faults=frozenset(faults)) as app,
        serving_in_thread(app) as url,
    ):
        target = yaml.safe_load((EXAMPLE / "target.yaml").read_text(encoding="utf-8"))
        service = target["services"]["inventory"]
        service["base_url"] = url
        service["specs"] = str(SPECS / "inventory")
        service["logs"] = {"file": str(data / "logs" / "inventory.jsonl")}
        target["broker"]["data_folder"] = str(data / "broker")
        target["tokens"]["mint"]["private_key_file"] = str(key_file)
        target["timeouts"] = TIMEOUTS
        target["flows"] = [str(flows or FLOWS)]
        path = tmp_path / "target.yaml"
        path.write_text(yaml.safe_dump(target), encoding="utf-8")
        yield path


def report_of(folder: Path) -> dict:
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


def by_step(report: dict) -> dict[str, dict]:
    """The results judging one step each, by `<workflowId>.<stepId>` (a result judging a whole
    workflow, e.g. its outputs, has no step in its subject)."""
    subjects = {
        c["subject"].partition(":")[2]: c for c in report["checks"] if c["family"] == FAMILY
    }
    return {name: c for name, c in subjects.items() if "." in name}


def in_order(workflow: str) -> list[str]:
    return [f"{workflow}.{step}" for step in STEPS[workflow]]


def test_the_example_target_file_names_the_example_and_its_own_broker_and_issuer():
    target = load_target(EXAMPLE / "target.yaml")
    assert target.services["inventory"].specs == SPECS / "inventory"
    assert target.flows == (FLOWS,)
    assert target.broker is not None and target.broker.exchange == "warehouse.events"
    assert target.tokens is not None and target.tokens["mint"]["issuer"] == ISSUER


def test_the_example_specs_lint_clean_and_the_flow_exercises_all_of_them():
    linted = accord("lint", str(SPECS.relative_to(REPO)))
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert linted.stdout.splitlines() == [
        "specs OK: inventory",
        "flows: every operation and published channel is exercised",
    ]


def test_every_step_of_the_flow_passes_on_the_healthy_implementation(
    tmp_path, key_file, signing_key
):
    reports = tmp_path / "reports"
    with deployment(tmp_path, key_file, signing_key) as target:
        run = accord(
            "flow", "run", str(FLOWS), "--target", str(target), "--report-dir", str(reports)
        )
    report = report_of(reports)
    steps = by_step(report)
    assert run.returncode == 0, {k: (c["status"], c["message"]) for k, c in steps.items()}
    assert sorted(steps) == sorted(in_order(HELD) + in_order(SOLD_OUT))
    assert {c["status"] for c in report["checks"] if c["family"] == FAMILY} == {"passed"}
    # The calls' events and log records are judged too, by the same generic checks as ours.
    others = {(c["family"], c["status"]) for c in report["checks"] if c["family"] != FAMILY}
    assert ("events", "passed") in others and not {s for _, s in others} & {"failed", "error"}
    assert report["verdict"]["status"] == "PASSED"
    reserved = steps[f"{HELD}.stockReserved"]["evidence"]
    reservation = steps[f"{HELD}.reserve"]["evidence"]["outputs"]["reservationId"]
    assert reserved["correlation"] == (
        f"$message.payload#/data/reservationId = {reservation!r}, "
        f"the step's correlationId = {reservation!r}"
    )
    assert json.loads(reserved["message"]["body"])["subject"] == "sku-widget"


@pytest.mark.parametrize(
    ("fault", "workflow", "step", "says"),
    [
        ("never_reserves", HELD, "stockReserved", "no stock.reserved message correlated with"),
        (
            "wrong_correlation",
            HELD,
            "stockReserved",
            "arrived with $message.payload#/data/reservationId = ",
        ),
        (
            "refused_release_publishes",
            SOLD_OUT,
            "noStockReleased",
            "a stock.released message arrived with $message.payload#/data/reservationId = ",
        ),
    ],
    ids=["event_never_sent", "wrong_correlation", "forbidden_event_sent"],
)
def test_a_seeded_defect_fails_the_receive_step_naming_channel_and_correlation(
    tmp_path, key_file, signing_key, fault, workflow, step, says
):
    """An event never sent, or sent with another reservation's id, fails the step waiting for
    it; an event the flow forbids fails the absent step, whose evidence names how it correlated."""
    flows = fast_flow(tmp_path / "flows")
    reports = tmp_path / "reports"
    with deployment(tmp_path, key_file, signing_key, [fault], flows) as target:
        run = accord(
            "flow",
            "run",
            str(flows),
            "--target",
            str(target),
            "--workflow",
            workflow,
            "--report-dir",
            str(reports),
        )
    assert run.returncode == 1, run.stdout + run.stderr
    steps = by_step(report_of(reports))
    order = in_order(workflow)
    failed = next(name for name in order if steps[name]["status"] != "passed")
    assert failed == f"{workflow}.{step}"
    message, evidence = steps[failed]["message"], steps[failed]["evidence"]
    reservation = steps[f"{workflow}.reserve"]["evidence"]["outputs"]["reservationId"]
    assert says in message
    if fault == "refused_release_publishes":
        assert evidence["correlation"].startswith(
            f"$message.payload#/data/reservationId = {reservation!r}"
        )
    else:
        assert repr(reservation) in message
    for name in order[order.index(failed) + 1 :]:
        assert steps[name]["status"] == "failed"
        assert steps[name]["message"].startswith(f"not reached: step {failed} failed")


def test_accord_run_judges_the_example_flows_named_by_its_target(tmp_path, key_file, signing_key):
    """`accord run --only <the family judging flows>` reads the flows from the target file."""
    reports = tmp_path / "reports"
    with deployment(tmp_path, key_file, signing_key) as target:
        run = accord("run", "--target", str(target), "--only", FAMILY, "--report-dir", str(reports))
    report = report_of(reports)
    assert run.returncode == 0, run.stdout + run.stderr
    assert report["verdict"]["status"] == "PASSED" and report["verdict"]["not_judged"] == []
    assert sorted(by_step(report)) == sorted(in_order(HELD) + in_order(SOLD_OUT))
    assert {c["subject"].split(":")[0] for c in report["checks"]} == {"reservations"}


def test_the_implementation_verifies_its_own_tokens(tmp_path, key_file, signing_key):
    """Its own issuer, audience and scopes: every auth check of the suite holds."""
    reports = tmp_path / "reports"
    with deployment(tmp_path, key_file, signing_key) as target:
        run = accord("run", "--target", str(target), "--only", "auth", "--report-dir", str(reports))
    assert run.returncode == 0, run.stdout + run.stderr
    assert report_of(reports)["verdict"]["line"] == "PASSED: 42 checks judged"
