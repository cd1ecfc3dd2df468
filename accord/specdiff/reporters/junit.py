"""JUnit XML: one test case per change (failing when blocking) and per gate step."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from accord.specdiff.model import Change, GateResult, StepResult
from accord.specdiff.reporters.summary import note


def render(result: GateResult) -> str:
    """A `<testsuites>` document with one suite, `accord diff`."""
    suite = ET.Element("testsuite", name="accord diff")
    for change in result.changes:
        suite.append(_change_case(change))
    for step in result.steps:
        suite.append(_step_case(step))
    failures = len(result.blocking) + sum(1 for s in result.steps if s.failed)
    skipped = sum(1 for s in result.steps if s.status == "skipped")
    total = len(result.changes) + len(result.steps)
    suite.attrib.update(tests=str(total), failures=str(failures), errors="0", skipped=str(skipped))
    root = ET.Element("testsuites", name="accord diff", tests=str(total), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _change_case(change: Change) -> ET.Element:
    case = ET.Element(
        "testcase", classname=change.document, name=f"{change.rule.id} {change.pointer}"
    )
    if change.blocking:
        failure = ET.SubElement(case, "failure", type=change.rule.id, message=change.message)
        failure.text = f"{change.document}#{change.pointer}: {change.message}"
    else:
        out = ET.SubElement(case, "system-out")
        out.text = f"{change.level}: {change.message}" + (
            f" ({note(change)})" if note(change) else ""
        )
    return case


def _step_case(step: StepResult) -> ET.Element:
    case = ET.Element("testcase", classname="accord gate", name=step.name)
    if step.failed:
        failure = ET.SubElement(case, "failure", message=f"{step.name} failed")
        failure.text = "\n".join(step.lines)
    elif step.status == "skipped":
        ET.SubElement(case, "skipped", message="; ".join(step.lines))
    return case
