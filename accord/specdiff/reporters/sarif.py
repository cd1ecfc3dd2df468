"""SARIF 2.1.0, for code scanning: one result per change, at its line and column in HEAD's file.

Changes that block are errors, other warnings are warnings, info is a note. A change that would
block but is allow-listed or covered by a major version bump is an error *suppressed*, with the
reason as its justification: code scanning shows it as dismissed, not as an open alert. The
other steps (lint, pact check), which have no location of their own, are notifications of the
invocation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath
from urllib.parse import quote

from accord import __version__
from accord.specdiff.model import INFO, WARNING, Change, GateResult, Rule, StepResult, gates
from accord.specdiff.reporters.summary import note, verdict

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {WARNING: "warning", INFO: "note"}  # a gated change (breaking, by default) is an error


def render(result: GateResult) -> str:
    """One SARIF log with one run."""
    rules = sorted({c.rule.id: c.rule for c in result.changes}.values(), key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "accord diff",
                "version": __version__,
                "rules": [_rule(r, result.fail_on) for r in rules],
            }
        },
        "invocations": [_invocation(result)],
        "results": [_result(c, index[c.rule.id]) for c in result.changes],
        "properties": {"base": result.base, "head": result.head, "verdict": verdict(result)},
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


def _rule(rule: Rule, fail_on: str) -> dict:
    gated = gates(rule.level, fail_on)
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": "error" if gated else LEVELS[rule.level]},
        "properties": {"level": rule.level, "tags": ["contract", rule.level]},
    }


def _result(change: Change, rule_index: int) -> dict:
    text = change.message + (f" ({note(change)})" if note(change) else "")
    found: dict = {
        "ruleId": change.rule.id,
        "ruleIndex": rule_index,
        "level": "error" if change.gated else LEVELS[change.level],
        "message": {"text": text},
        "locations": [_location(change)],
        # Stable across edits that move the node: the same change keeps its alert.
        "partialFingerprints": {"accordChange/v1": _fingerprint(change)},
        "properties": {
            "level": change.level,
            "pointer": change.pointer,
            "services": list(change.services),
            "blocking": change.blocking,
        },
    }
    if change.gated and not change.blocking:
        found["suppressions"] = [{"kind": "external", "justification": note(change)}]
    return found


def _location(change: Change) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(change.document)}}
    if change.line is not None:
        physical["region"] = {"startLine": change.line, "startColumn": change.column or 1}
    qualified = f"{change.document}#{change.pointer}"
    return {"physicalLocation": physical, "logicalLocations": [{"fullyQualifiedName": qualified}]}


def _uri(document: str) -> str:
    """A relative URI reference for a repository path; a file URI for an absolute one."""
    path = PurePosixPath(document)
    return path.as_uri() if path.is_absolute() else quote(document)


def _fingerprint(change: Change) -> str:
    key = "\n".join((change.rule.id, change.document, change.pointer))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _invocation(result: GateResult) -> dict:
    notes = [n for step in result.steps for n in _notifications(step)]
    notes += [{"level": "note", "message": {"text": n}} for n in result.notes]
    return {
        "executionSuccessful": True,  # the diff ran; the verdict is in the results and exit code
        "exitCode": 0 if result.passed else 1,
        "toolExecutionNotifications": notes,
    }


def _notifications(step: StepResult) -> list[dict]:
    if step.status == "passed":
        return []
    level = "error" if step.failed else "note"
    return [
        {"level": level, "message": {"text": line}, "descriptor": {"id": step.name}}
        for line in step.lines
    ]
