"""`junit.xml`: one testcase per check result, the family as classname."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conformance.reports import Summary
from conformance.reports.files import FileReporter
from conformance.reports.run_info import run_info


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
        _suite_properties(suite, summary)
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
                text = json.dumps(result.evidence, indent=2, default=str)
                reproduce = result.evidence.get("reproduce")
                node.text = f"reproduce: {reproduce}\n\n{text}" if reproduce else text
            elif result.status == "skipped":
                ET.SubElement(case, "skipped", message=result.message)
        ET.indent(suites)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _suite_properties(suite: ET.Element, summary: Summary) -> None:
    """The verdict and what repeats the run (seed, selection, versions), as suite properties."""
    info = run_info(summary)
    found = {"verdict": summary.verdict.line, "seed": info["seed"]}
    found |= {"families": ",".join(info["families"]), "required": ",".join(info["required"])}
    found |= {"max_examples": info["max_examples"]}
    found |= {f"version.{k}": v for k, v in info["versions"].items()}
    properties = ET.SubElement(suite, "properties")
    for name, value in found.items():
        ET.SubElement(properties, "property", name=name, value="" if value is None else str(value))
