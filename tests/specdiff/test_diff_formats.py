"""The report formats: text, JSON (parses, documented fields), Markdown (a PR comment), JUnit XML
(parses, blocking changes are failures) and GitHub Actions annotations (one command per line)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from accord.cli import main

HEAD = {
    "shop/openapi.yaml": {
        "paths": {"/items": {"get": None}},
        "components": {"schemas": {"Item": {"properties": {"color": {"type": "string"}}}}},
    },
    "shop/service.yaml": {"auth": {"required_scopes": ["shop.read"]}},
}


@pytest.fixture
def report(make_specs, tmp_path, monkeypatch, capsys):
    """`report(format)`: (exit status, output) of `accord diff base head --format FORMAT`."""
    monkeypatch.chdir(tmp_path)
    make_specs("base")
    make_specs("head", HEAD)

    def run(fmt: str) -> tuple[int, str]:
        code = main(["diff", "base", "head", "--no-lint", "--format", fmt])
        return code, capsys.readouterr().out

    return run


def test_json(report):
    code, out = report("json")
    data = json.loads(out)
    assert (code, data["passed"], data["base"], data["head"]) == (1, False, "base", "head")
    assert data["summary"] == {"breaking": 1, "blocking": 1, "warning": 1, "info": 1}
    assert data["changes"][0] == {
        "rule": "OAS-OPERATION-REMOVED",
        "level": "breaking",
        "document": "head/shop/openapi.yaml",
        "pointer": "/paths/~1items/get",
        "line": 6,  # removed from HEAD: its nearest ancestor there, `/items:`
        "column": 3,
        "message": "GET /items removed",
        "services": ["shop"],
        "blocking": True,
        "allowed": None,
        "covered": False,
    }
    assert [s["name"] for s in data["steps"]] == ["lint", "pact check"]


def test_junit(report):
    _, out = report("junit")
    root = ET.fromstring(out.encode())
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "1", "2")
    failure = suite.find("testcase/failure")
    assert failure.get("type") == "OAS-OPERATION-REMOVED"


def test_github(report):
    _, out = report("github")
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=head/shop/openapi.yaml,line=6,col=3,title=OAS-OPERATION-REMOVED (breaking)::"
        "GET /items removed [/paths/~1items/get]"
    )
    assert lines[1].startswith("::warning file=head/shop/service.yaml,line=")
    assert "title=SVC-SCOPE-REMOVED" in lines[1]
    # The new property's own line and column in HEAD: where its key starts.
    text = Path("head/shop/openapi.yaml").read_text().splitlines()
    line = next(i for i, t in enumerate(text, 1) if t.strip() == "color:")
    column = text[line - 1].index("color") + 1
    assert lines[2].startswith(
        f"::notice file=head/shop/openapi.yaml,line={line},col={column},title=RESPONSE-OPTIONAL"
    )
    assert lines[-1].startswith("FAILED: 1 breaking")


def test_markdown(report):
    _, out = report("markdown")
    assert out.startswith("## :x: Contract gate: FAILED: 1 breaking (1 blocking)")
    assert "| level | rule | where | change |" in out
    assert (
        "| :x: breaking | `OAS-OPERATION-REMOVED` | `head/shop/openapi.yaml#/paths/~1items/get` |"
        in out
    )


def test_changelog(report):
    code, out = report("changelog")
    assert code == 1
    assert out == (
        "### Breaking changes\n\n"
        "- **shop**: GET /items removed\n\n"
        "### Changes to review\n\n"
        "- **shop**: Required scope(s) `shop.write` removed\n\n"
        "### Compatible changes\n\n"
        "- **shop**: 201 response of POST /items (application/json): `color`: new optional "
        "property\n"
    )


def test_changelog_without_changes(make_specs, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    make_specs("base")
    make_specs("head")
    assert main(["diff", "base", "head", "--no-lint", "--format", "changelog"]) == 0
    assert capsys.readouterr().out == "No contract changes.\n"


def test_text_is_the_default(report):
    code, out = report("text")
    assert code == 1
    assert out.splitlines()[:3] == [
        "accord diff base -> head",
        "BREAKING OAS-OPERATION-REMOVED  head/shop/openapi.yaml#/paths/~1items/get",
        "         GET /items removed",
    ]


def test_output_file(report, tmp_path, capsys):
    assert (
        main(["diff", "base", "head", "--no-lint", "--format", "json", "--output", "r.json"]) == 1
    )
    assert capsys.readouterr().out == ""
    assert json.loads((tmp_path / "r.json").read_text())["passed"] is False
