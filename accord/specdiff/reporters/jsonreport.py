"""JSON: the whole result, for tools (schema in docs/diff.md)."""

from __future__ import annotations

import json

from accord.specdiff.model import BREAKING, INFO, WARNING, Change, GateResult


def render(result: GateResult) -> str:
    """One JSON object, indented."""
    data = {
        "base": result.base,
        "head": result.head,
        "passed": result.passed,
        "fail_on": result.fail_on,
        "summary": {
            "breaking": result.count(BREAKING),
            "blocking": len(result.blocking),
            "warning": result.count(WARNING),
            "info": result.count(INFO),
        },
        "changes": [_change(c) for c in result.changes],
        "steps": [{"name": s.name, "status": s.status, "lines": s.lines} for s in result.steps],
        "notes": result.notes,
    }
    return json.dumps(data, indent=2) + "\n"


def _change(change: Change) -> dict:
    return {
        "rule": change.rule.id,
        "level": change.level,
        "document": change.document,
        "pointer": change.pointer,
        "line": change.line,
        "column": change.column,
        "message": change.message,
        "services": list(change.services),
        "blocking": change.blocking,
        "allowed": change.allowed or None,
        "covered": change.covered,
    }
