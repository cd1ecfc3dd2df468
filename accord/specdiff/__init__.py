"""`accord diff`: classify every change between two specs folders, then gate on the result."""

from __future__ import annotations

from pathlib import Path

from accord.specdiff.allowlist import FILENAME, apply_allowlist, load_allowlist
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
    changes = sorted(diff_trees(base, head), key=_order)
    for change in changes:
        change.fail_on = fail_on
    result = GateResult(_describe(base), _describe(head), changes, fail_on=fail_on)
    allow = allow or (head.root / FILENAME if (head.root / FILENAME).is_file() else None)
    if allow is not None:
        unused = apply_allowlist(changes, load_allowlist(allow))
        result.notes += [f"allow-list entry matched nothing: {a.rule} {a.document}#{a.pointer}"
                         for a in unused]  # fmt: skip
    apply_major_bumps(changes, base, head)
    bumped = services_bumped(base, head)
    result.notes += [f"major version bumped: {key}" for key in bumped]
    if options is not None:
        result.steps = run_steps(head, options)
    return result


def _describe(tree: Tree) -> str:
    return tree.description or tree.label or str(tree.root)


def _order(change: Change) -> tuple[int, str, str, str]:
    rank = {BREAKING: 0, WARNING: 1, INFO: 2}[change.level]
    return rank, change.document, change.pointer, change.rule.id
