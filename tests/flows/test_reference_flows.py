"""The flows in specs/flows judge the reference services: they pass as written, and editing an
expectation (an `order.updated` expected twice, a 200 where the spec says 201) makes `accord flow
run` fail at that very step."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from accord.bundled import specs_dir
from tests.conformance.fakes import reference_process

pytestmark = pytest.mark.slow
FLOWS = specs_dir() / "flows"


def flow_run(reference, tmp_path: Path, *flows: Path) -> tuple[int, dict]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    target = reference.target(tmp_path / "target.yaml")
    reports = tmp_path / "reports"
    command = [*reference_process.ACCORD, "flow", "run", *map(str, flows), "--target", str(target)]
    done = subprocess.run(
        [*command, "--report-dir", str(reports)], capture_output=True, timeout=240
    )
    return done.returncode, json.loads((reports / "report.json").read_text())


def edited_seed(tmp_path: Path, change) -> Path:
    document = yaml.safe_load((FLOWS / "seed.arazzo.yaml").read_text())
    for source in document["sourceDescriptions"]:
        source["url"] = str((FLOWS / source["url"]).resolve())
    document["workflows"] = [document["workflows"][0]]  # cardOrderIsPaid
    change(document["workflows"][0]["steps"])
    path = tmp_path / "edited.arazzo.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def expect_twice(steps):
    again = {**steps[3], "stepId": "orderPaidAgain", "timeout": 1500}
    steps.insert(4, again)


def expect_200(steps):
    steps[0]["successCriteria"][0]["condition"] = "$statusCode == 200"


def failures(report, family="flow"):
    return {
        c["subject"]: c["message"]
        for c in report["checks"]
        if c["status"] == "failed" and c["family"] == family
    }


def test_the_reference_passes_its_flows_and_fails_at_an_edited_expectation(tmp_path):
    with reference_process.Reference(tmp_path / "var") as reference:
        code, report = flow_run(reference, tmp_path / "as-written", FLOWS)
        assert code == 0, failures(report)
        families = {c["family"] for c in report["checks"]}
        assert families == {"flow", "events"}  # no log source in this target
        code, report = flow_run(reference, tmp_path / "twice", edited_seed(tmp_path, expect_twice))
        assert code == 1
        found = failures(report)
        assert found["edited:cardOrderIsPaid.orderPaidAgain"].startswith(
            "no order.updated message correlated with"
        )
        code, report = flow_run(reference, tmp_path / "200", edited_seed(tmp_path, expect_200))
        assert code == 1
        assert failures(report)["edited:cardOrderIsPaid.placeOrder"] == (
            "`$statusCode == 200` failed (saw $statusCode = 201)"
        )
