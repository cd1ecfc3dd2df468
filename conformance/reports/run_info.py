"""What a report records so a run can be repeated: the tool versions, the selection and the seed."""

from __future__ import annotations

from importlib import metadata
from typing import Any

from conformance.reports import Summary

# The distributions whose versions change what a run does (Schemathesis generates the api cases,
# pact-python's core verifies the pacts).
TOOLS = {"accord": "accord", "schemathesis": "schemathesis", "pact-python": "pact-python"}


def versions() -> dict[str, str]:
    found = {}
    for name, distribution in TOOLS.items():
        try:
            found[name] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def run_info(summary: Summary) -> dict[str, Any]:
    """The selection, the seed and the versions: with the target file, enough to repeat the run."""
    selection = summary.selection
    return {
        "families": list(selection.families),
        "only": selection.named,
        "required": sorted(selection.required),
        "seed": selection.seed,
        "max_examples": selection.max_examples,
        "versions": versions(),
    }


def verdict_info(summary: Summary) -> dict[str, Any]:
    verdict = summary.verdict
    return {
        "status": verdict.status,
        "line": verdict.line,
        "not_judged": list(verdict.not_judged),
        "waived": list(verdict.waived),
    }
