"""`junit.xml`: one testcase per check result, the family as classname."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conformance.reports import Summary
from conformance.reports.files import FileReporter


class JunitReport(FileReporter):
    filename = "junit.xml"

    def render(self, summary: Summary) -> str:
        counts = summary.counts()
        suites = ET.Element("testsuites")
        suite = ET.SubElement(
            suites,
            "testsuite",
            name="accord-conformance",
            tests=str(counts["total"]),
            failures=str(counts["failed"]),
            errors=str(counts["error"]),
            skipped=str(counts["skipped"]),
            time=f"{summary.duration:.3f}",
        )
        for result in summary.results:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=result.family,
                name=result.name,
                time=f"{result.duration:.3f}",
            )
            ET.SubElement(
                ET.SubElement(case, "properties"),
                "property",
                name="requirement",
                value=result.requirement,
            )
            if result.status in ("failed", "error"):
                tag = "failure" if result.status == "failed" else "error"
                node = ET.SubElement(case, tag, message=result.message)
                node.text = json.dumps(result.evidence, indent=2, default=str)
            elif result.status == "skipped":
                ET.SubElement(case, "skipped", message=result.message)
        ET.indent(suites)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
