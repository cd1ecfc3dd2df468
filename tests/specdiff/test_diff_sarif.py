"""`accord diff --format sarif`: a SARIF 2.1.0 log that validates against the OASIS schema
(vendored in sarif/, see its README), with one result per change at its line in HEAD, levels
as the gate sees them, and allowed changes suppressed with their reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft4Validator

from accord.cli import main

SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text())
HEAD = {
    "shop/openapi.yaml": {
        "paths": {"/items": {"get": None, "post": {"parameters": []}}},
        "components": {"schemas": {"Item": {"properties": {"color": {"type": "string"}}}}},
    },
    "shop/asyncapi.yaml": {"channels": {"item.created": None}},
}
ALLOW = {
    "rule": "AAS-CHANNEL-REMOVED",
    "document": "shop/asyncapi.yaml",
    "pointer": "/channels/item.created",
    "reason": "nobody subscribes (see ADR 3)",
}


@pytest.fixture
def sarif(make_specs, tmp_path, monkeypatch, capsys):
    """`sarif(*options)`: (exit status, parsed SARIF log) of `accord diff base head`."""
    monkeypatch.chdir(tmp_path)
    make_specs("base")
    make_specs("head", HEAD)
    Path("allow.yaml").write_text(yaml.safe_dump({"allow": [ALLOW]}), encoding="utf-8")

    def run(*options: str) -> tuple[int, dict]:
        argv = ["diff", "base", "head", "--allow", "allow.yaml", "--format", "sarif", *options]
        code = main(argv)
        return code, json.loads(capsys.readouterr().out)

    return run


def _errors(log: dict) -> list[str]:
    validator = Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    ]


def test_the_schema_is_the_sarif_2_1_0_schema_and_rejects_a_broken_log():
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    assert _errors({"version": "2.1.0", "runs": [{"tool": {}}]})  # no driver: invalid


def test_the_log_validates_against_the_sarif_schema(sarif):
    code, log = sarif()
    assert code == 1  # lint fails on the corpus base, and GET /items was removed
    assert _errors(log) == []
    assert (log["version"], len(log["runs"])) == ("2.1.0", 1)


def test_results_carry_rule_level_location_and_suppression(sarif):
    _, log = sarif("--no-lint")
    run = log["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(results)
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])

    removed = results["OAS-OPERATION-REMOVED"]
    assert removed["level"] == "error"
    assert "suppressions" not in removed
    physical = removed["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "head/shop/openapi.yaml"
    assert physical["region"] == {"startLine": 6, "startColumn": 3}  # `/items:`, its parent
    assert removed["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "head/shop/openapi.yaml#/paths/~1items/get"
    )

    allowed = results["AAS-CHANNEL-REMOVED"]
    assert allowed["level"] == "error"
    assert allowed["suppressions"] == [
        {"kind": "external", "justification": "allowed: nobody subscribes (see ADR 3)"}
    ]
    assert results["OAS-PARAMETER-REMOVED"]["level"] == "warning"
    assert results["RESPONSE-OPTIONAL-PROPERTY-ADDED"]["level"] == "note"
    assert run["invocations"][0]["exitCode"] == 1


def test_fail_on_warning_makes_warnings_errors(sarif):
    _, log = sarif("--no-lint", "--fail-on", "warning")
    assert _errors(log) == []
    run = log["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["OAS-PARAMETER-REMOVED"]["level"] == "error"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["OAS-PARAMETER-REMOVED"]["defaultConfiguration"] == {"level": "error"}


def test_failed_and_skipped_steps_are_notifications(sarif):
    _, log = sarif()
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {(n["descriptor"]["id"], n["level"]) for n in notes if "descriptor" in n} == {
        ("lint", "error"),
        ("pact check", "note"),
    }


def test_no_changes_is_a_valid_empty_log(make_specs, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    make_specs("base")
    make_specs("head")
    assert main(["diff", "base", "head", "--no-lint", "--format", "sarif"]) == 0
    log = json.loads(capsys.readouterr().out)
    assert _errors(log) == []
    assert log["runs"][0]["results"] == []
