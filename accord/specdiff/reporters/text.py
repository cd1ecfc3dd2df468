"""Plain text: one line per change, then the steps and the verdict."""

from __future__ import annotations

from accord.specdiff.model import GateResult
from accord.specdiff.reporters.summary import note, verdict


def render(result: GateResult) -> str:
    """The default console report."""
    lines = [f"accord diff {result.base} -> {result.head}"]
    for c in result.changes:
        lines.append(f"{c.level.upper():<9}{c.rule.id}  {c.document}#{c.pointer}")
        lines.append(f"         {c.message}")
        if note(c):
            lines.append(f"         ({note(c)})")
    if not result.changes:
        lines.append("no changes")
    for step in result.steps:
        lines.append(f"{step.name}: {step.status}")
        lines += [f"  {line}" for line in step.lines if step.status != "passed"]
    lines += [f"note: {n}" for n in result.notes]
    lines.append(verdict(result))
    return "\n".join(lines) + "\n"
