"""The reporters: report.json valid against its schema, junit.xml parseable, report.html useful."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from accord import bundled
from conformance.observations import HttpExchange, HttpRequest, HttpResponse
from conformance.reports import CheckResult, ResultStream
from conformance.reports.html import HtmlReport
from conformance.reports.json_report import JsonReport
from conformance.reports.junit import JunitReport

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6Im9yZGVycy5yZWFkIn0.c2lnbmF0dXJlc2lnbmF0dXJl"


def http_evidence() -> dict:
    request = HttpRequest(
        "POST",
        "http://127.0.0.1:8001/orders",
        {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        b'{"customerId": "it\'s me"}',
        "valid token, scope orders.read",
    )
    response = HttpResponse(201, {"content-type": "application/json"}, b'{"id": "1"}')
    return HttpExchange(request, response, purpose="valid token, scope orders.read").evidence()


RESULTS = [
    CheckResult(
        "AUTH-009",
        "auth",
        "RFC 6750 §3.1",
        "Read cannot write.",
        "orders.createOrder",
        "failed",
        "expected 403, got 201",
        http_evidence(),
        0.01,
    ),
    CheckResult("AUTH-001", "auth", "RFC 6750 §3", "No token.", "orders.getOrder", "passed"),
    CheckResult("ERR-001", "errors", "contracts", "Validation.", "(all)", "skipped", "waived: r"),
    CheckResult("SPEC-001", "specs", "lint", "Lint.", "orders", "error", "RuntimeError: boom"),
]


@pytest.fixture
def written(tmp_path):
    stream = ResultStream(
        [JsonReport(tmp_path), JunitReport(tmp_path), HtmlReport(tmp_path)], "t.yaml"
    )
    stream.start(len(RESULTS))
    for result in RESULTS:
        stream.publish(result)
    stream.finish(1.5)
    return tmp_path


def test_json_report_is_valid_against_its_schema(written):
    document = json.loads((written / "report.json").read_text())
    schema = json.loads(bundled.schema_path("report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["summary"] == {
        "passed": 1,
        "failed": 1,
        "skipped": 1,
        "error": 1,
        "judged": 3,
        "total": 4,
    }
    assert document["ok"] is False


def test_tokens_never_appear_in_full(written):
    for name in ("report.json", "junit.xml", "report.html"):
        assert TOKEN not in (written / name).read_text()


def test_junit_has_one_testcase_per_result(written):
    suite = ET.parse(written / "junit.xml").getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("classname") for c in cases] == ["auth", "auth", "errors", "specs"]
    assert cases[0].find("failure").get("message") == "expected 403, got 201"
    assert cases[2].find("skipped") is not None and cases[3].find("error") is not None
    assert suite.get("failures") == "1" and suite.get("tests") == "4"


def test_html_shows_failure_evidence_and_curl(written):
    html = (written / "report.html").read_text()
    assert "AUTH-009" in html and "expected 403, got 201" in html
    assert "curl -i -X POST http://127.0.0.1:8001/orders" in html
    assert "&#x27;Authorization: Bearer &#x27;&quot;$ACCORD_TOKEN&quot;" in html
    assert "eyJhbGciOi…[redacted" in html
    assert "<link" not in html and "<script" not in html and "http-equiv" not in html


def test_html_lists_what_passed_with_its_requirement(written):
    html = (written / "report.html").read_text()
    assert "Passed (1)" in html
    assert "<td>AUTH-001</td><td>orders.getOrder</td><td>No token.</td>" in html
    assert "RFC 6750 §3</td>" in html
