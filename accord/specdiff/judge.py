"""From changes to a verdict: order them, gate them at `--fail-on`, apply the allow-list."""

from __future__ import annotations

from pathlib import Path

from accord.specdiff.allowlist import FILENAME, apply_allowlist, load_allowlist
from accord.specdiff.model import BREAKING, INFO, WARNING, Change, GateResult


def judge(
    changes: list[Change], base: str, head: str, allow: Path | None, fail_on: str
) -> GateResult:
    """The result for `changes` between the trees or files described as `base` and `head`."""
    ordered = sorted(changes, key=_order)
    for change in ordered:
        change.fail_on = fail_on
    result = GateResult(base, head, ordered, fail_on=fail_on)
    if allow is not None:
        unused = apply_allowlist(ordered, load_allowlist(allow))
        result.notes += [f"allow-list entry matched nothing: {a.rule} {a.document}#{a.pointer}"
                         for a in unused]  # fmt: skip
    return result


def default_allowlist(folder: Path) -> Path | None:
    """`.accord-allow.yaml` in `folder`, when there is one."""
    return folder / FILENAME if (folder / FILENAME).is_file() else None


def _order(change: Change) -> tuple[int, str, str, str]:
    rank = {BREAKING: 0, WARNING: 1, INFO: 2}[change.level]
    return rank, change.document, change.pointer, change.rule.id
