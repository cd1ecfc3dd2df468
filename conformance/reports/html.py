"""`report.html`: one self-contained page (inline CSS, no scripts or external assets).

A score per family, then each failure with what the suite saw: the request and response (with a
`curl` command reproducing it), or the event, or the log lines, or the lint problems.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from conformance.reports import CheckResult, Summary, score
from conformance.reports.curl import curl_command
from conformance.reports.files import FileReporter
from conformance.reports.run_info import run_info

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#222;
padding:0 1rem}
h1{margin-bottom:.2rem} .muted{color:#666}
table{border-collapse:collapse;margin:1rem 0}
td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd}
th{text-align:left} .passed{color:#176b2c} .failed,.error{color:#b00020} .skipped{color:#8a6d00}
.badge{font-weight:600}
details{border:1px solid #ddd;border-radius:6px;margin:.6rem 0;padding:.4rem .8rem}
summary{cursor:pointer} pre{background:#f6f6f6;padding:.6rem;overflow-x:auto;white-space:pre-wrap}
"""


class HtmlReport(FileReporter):
    filename = "report.html"

    def render(self, summary: Summary) -> str:
        verdict = summary.verdict.status
        info = run_info(summary)
        versions = ", ".join(f"{k} {v}" for k, v in info["versions"].items())
        seed = info["seed"] if info["seed"] is not None else "random"
        problems = [r for r in summary.results if r.status in ("failed", "error")]
        skipped = [r for r in summary.results if r.status == "skipped"]
        passed = [r for r in summary.results if r.status == "passed"]
        return "\n".join(
            [
                "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
                f"<title>Accord conformance: {verdict}</title><style>{CSS}</style></head><body>",
                f"<h1>Accord conformance: <span class='{_css(verdict)}'>{verdict}</span></h1>",
                f"<p><b>{escape(summary.verdict.line)}</b></p>",
                f"<p class='muted'>target {escape(summary.target)} · {summary.duration:.1f} s · "
                f"seed {seed} · max examples {info['max_examples']} · {escape(versions)}</p>",
                _families(summary),
                f"<h2>Failures ({len(problems)})</h2>",
                *(_failure(r) for r in problems),
                f"<h2>Not judged ({len(skipped)})</h2>",
                _skipped(skipped),
                f"<details><summary><b>Passed ({len(passed)})</b>: what was judged</summary>",
                _passed(passed),
                "</details></body></html>",
            ]
        )


def _families(summary: Summary) -> str:
    rows = ["<table><tr><th>family</th><th>passed</th><th>judged</th>"]
    rows += ["<th>failed</th><th>error</th><th>not judged</th></tr>"]
    for family in [*summary.families, None]:
        c = summary.counts(family)
        name = escape(family) if family else "<b>all</b>"
        rows.append(
            f"<tr><td>{name}</td><td class='badge'>{score(c)}</td>"
            f"<td>{c['judged']}/{c['total']}</td><td class='failed'>{c['failed']}</td>"
            f"<td class='error'>{c['error']}</td><td class='skipped'>{c['skipped']}</td></tr>"
        )
    return "".join(rows) + "</table>"


def _failure(result: CheckResult) -> str:
    return (
        f"<details open><summary><b class='{result.status}'>{escape(result.id)}</b> "
        f"{escape(result.subject)}: {escape(result.message)}</summary>"
        f"<p>{escape(result.description)}<br><span class='muted'>requirement: "
        f"{escape(result.requirement)}</span></p>{_evidence(result.evidence)}</details>"
    )


def _evidence(evidence: dict[str, Any]) -> str:
    if evidence.get("kind") == "http":
        return _http(evidence)
    if not evidence:
        return ""
    return f"<pre>{escape(json.dumps(evidence, indent=2, default=str))}</pre>"


def _css(status: str) -> str:
    return {"PASSED": "passed", "FAILED": "failed"}.get(status, "error")


def _http(evidence: dict[str, Any]) -> str:
    req, resp = evidence["request"], evidence["response"] or {}
    sent = [f"{req['method']} {req['url']}"] + [f"{k}: {v}" for k, v in req["headers"].items()]
    got = (
        [f"HTTP {resp['status']}"] if resp else [f"no response: {evidence.get('transport_error')}"]
    )
    got += [f"{k}: {v}" for k, v in resp.get("headers", {}).items()]
    hint = req.get("token_hint")
    token = f"<p class='muted'>$ACCORD_TOKEN: {escape(hint)}</p>" if hint else ""
    return (
        f"<p>Request ({escape(evidence.get('purpose') or '')})</p>"
        f"<pre>{escape(_message(sent, req.get('body')))}</pre>"
        f"<p>Response</p><pre>{escape(_message(got, resp.get('body')))}</pre>"
        f"<p>Reproduce</p><pre>{escape(curl_command(req))}</pre>{token}{_rest(evidence)}"
    )


def _rest(evidence: dict[str, Any]) -> str:
    """Whatever else the evidence holds (e.g. every failure Schemathesis found), as JSON."""
    shown = {"kind", "purpose", "request", "response", "reproduce", "operation"}
    rest = {k: v for k, v in evidence.items() if k not in shown}
    return f"<pre>{escape(json.dumps(rest, indent=2, default=str))}</pre>" if rest else ""


def _message(lines: list[str], body: str | None) -> str:
    return "\n".join(lines) + ("\n\n" + body if body else "")


def _skipped(results: list[CheckResult]) -> str:
    rows = "".join(
        f"<tr><td>{escape(r.id)}</td><td>{escape(r.subject)}</td><td>{escape(r.message)}</td></tr>"
        for r in results
    )
    return f"<table><tr><th>check</th><th>subject</th><th>reason</th></tr>{rows}</table>"


def _passed(results: list[CheckResult]) -> str:
    rows = "".join(
        f"<tr><td>{escape(r.id)}</td><td>{escape(r.subject)}</td>"
        f"<td>{escape(r.description)}</td><td class='muted'>{escape(r.requirement)}</td></tr>"
        for r in results
    )
    header = "<tr><th>check</th><th>subject</th><th>rule</th><th>requirement</th></tr>"
    return f"<table>{header}{rows}</table>"
