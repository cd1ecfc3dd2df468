"""The contract-gate workflow runs `accord diff` with annotations (`--format github`) and uploads
its SARIF report to code scanning; every `accord diff` command in it parses."""

from __future__ import annotations

import shlex

import yaml

from accord.bundled import REPO_ROOT
from accord.cli import build_parser

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "contract-gate.yml"


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["gate"]["steps"]


def _diff_commands() -> list[list[str]]:
    found = []
    for step in _steps():
        script = step.get("run", "").replace("\\\n", " ").replace('"origin/$BASE_REF"', "origin/m")
        for line in script.splitlines():
            words = shlex.split(line.split("||")[0])
            if words[:2] == [".venv/bin/accord", "diff"]:
                found.append(words[1:])
    return found


def test_annotations_and_sarif_are_produced_and_uploaded():
    formats = [vars(build_parser().parse_args(argv))["format"] for argv in _diff_commands()]
    assert {"github", "sarif", "markdown"} <= set(formats)
    sarif = next(
        build_parser().parse_args(argv).output for argv in _diff_commands() if "sarif" in argv
    )
    [upload] = [
        s for s in _steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    ]
    assert upload["with"]["sarif_file"] == str(sarif)
    permissions = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["permissions"]
    assert permissions["security-events"] == "write"
