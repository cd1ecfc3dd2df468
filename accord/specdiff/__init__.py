"""`accord diff`: classify every change between two specs folders, then gate on the result."""

from __future__ import annotations

from pathlib import Path

from accord.specdiff.files import gate_files
from accord.specdiff.judge import default_allowlist, judge
from accord.specdiff.model import BREAKING, INFO, WARNING, Change, GateResult, Rule
from accord.specdiff.policy import apply_major_bumps, services_bumped
from accord.specdiff.registry import all_rules
from accord.specdiff.steps import GateOptions, run_steps
from accord.specdiff.tree import DiffInputError, Tree, diff_trees, load_tree

__all__ = [
    "BREAKING",
    "INFO",
    "WARNING",
    "Change",
    "DiffInputError",
    "GateOptions",
    "GateResult",
    "Rule",
    "Tree",
    "all_rules",
    "diff_trees",
    "gate",
    "gate_files",
    "load_tree",
]


def gate(
    base: Tree,
    head: Tree,
    allow: Path | None = None,
    options: GateOptions | None = None,
    fail_on: str = BREAKING,
) -> GateResult:
    """Diff BASE and HEAD, apply the allow-list and the version policy, run the other steps.

    `allow` defaults to `.accord-allow.yaml` in HEAD's specs folder, when there is one.
    `options=None` runs the diff alone (no lint, no pact check). `fail_on`: the lowest level
    that fails the gate (breaking, or warning).
    """
    allow = allow or default_allowlist(head.root)
    result = judge(diff_trees(base, head), _describe(base), _describe(head), allow, fail_on)
    apply_major_bumps(result.changes, base, head)
    result.notes += [f"major version bumped: {key}" for key in services_bumped(base, head)]
    if options is not None:
        result.steps = run_steps(head, options)
    return result


def _describe(tree: Tree) -> str:
    return tree.description or tree.label or str(tree.root)
