"""`report.json`, described by `accord/schemas/report.schema.json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from accord import __version__
from conformance.reports import Summary
from conformance.reports.files import FileReporter

SCHEMA_VERSION = "1"


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
            "summary": summary.counts(),
            "families": {family: summary.counts(family) for family in summary.families},
            "checks": [_entry(r.to_dict()) for r in summary.results],
        }
        return json.dumps(document, indent=2, default=str) + "\n"


def _entry(result: dict) -> dict:
    result["duration"] = round(result["duration"], 4)
    return result
