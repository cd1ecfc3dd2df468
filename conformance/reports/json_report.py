"""`report.json`, described by `accord/schemas/report.schema.json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from accord import __version__
from conformance.reports import Summary
from conformance.reports.files import FileReporter
from conformance.reports.run_info import run_info, verdict_info

SCHEMA_VERSION = "2"  # 2: verdict, run, judged counts, waived, evidence.reproduce


class JsonReport(FileReporter):
    filename = "report.json"

    def render(self, summary: Summary) -> str:
        document = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "accord", "version": __version__},
            "target": summary.target,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration": round(summary.duration, 3),
            "ok": summary.ok,
            "verdict": verdict_info(summary),
            "run": run_info(summary),
            "summary": summary.counts(),
            "families": {family: summary.counts(family) for family in summary.families},
            "checks": [_entry(r.to_dict()) for r in summary.results],
        }
        return json.dumps(document, indent=2, default=str) + "\n"


def _entry(result: dict[str, Any]) -> dict[str, Any]:
    result["duration"] = round(result["duration"], 4)
    return result
