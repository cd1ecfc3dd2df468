"""Markdown: a pull-request comment with a verdict, a table of changes and the steps."""

from __future__ import annotations

from accord.specdiff.model import Change, GateResult
from accord.specdiff.reporters.summary import note, verdict

ICONS = {"breaking": ":x:", "warning": ":warning:", "info": ":information_source:"}


def render(result: GateResult) -> str:
    """The comment body."""
    icon = ":white_check_mark:" if result.passed else ":x:"
    lines = [f"## {icon} Contract gate: {verdict(result)}", ""]
    lines.append(f"`{result.base}` → `{result.head}`")
    lines.append("")
    if result.changes:
        lines += ["| level | rule | where | change |", "|---|---|---|---|"]
        lines += [_row(c) for c in result.changes]
    else:
        lines.append("No contract changes.")
    lines.append("")
    for step in result.steps:
        lines.append(f"- **{step.name}**: {step.status}")
        lines += [f"  - {_cell(line)}" for line in step.lines if step.status != "passed"]
    lines += [f"- note: {_cell(n)}" for n in result.notes]
    return "\n".join(lines).rstrip() + "\n"


def _row(change: Change) -> str:
    level = f"{ICONS[change.level]} {change.level}"
    message = _cell(change.message) + (f" _({_cell(note(change))})_" if note(change) else "")
    where = f"`{change.document}#{change.pointer}`"
    return f"| {level} | `{change.rule.id}` | {where} | {message} |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
