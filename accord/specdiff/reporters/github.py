"""GitHub Actions workflow commands: an annotation per change and per failed step."""

from __future__ import annotations

from accord.specdiff.model import BREAKING, WARNING, Change, GateResult
from accord.specdiff.reporters.summary import note, verdict


def render(result: GateResult) -> str:
    """`::error file=...,title=...::message` lines, then the verdict as a plain line."""
    lines = [_change(c) for c in result.changes]
    for step in result.steps:
        if step.failed:
            lines += [f"::error title={_prop(step.name)}::{_data(line)}" for line in step.lines]
        elif step.status == "skipped":
            lines.append(f"::notice title={_prop(step.name)}::{_data('; '.join(step.lines))}")
    lines.append(verdict(result))
    return "\n".join(lines) + "\n"


def _change(change: Change) -> str:
    command = (
        "error"
        if change.blocking
        else "warning"
        if change.level in (BREAKING, WARNING)
        else "notice"
    )
    title = f"{change.rule.id} ({change.level})"
    text = f"{change.message} [{change.pointer or '/'}]"
    if note(change):
        text += f" ({note(change)})"
    where = f"file={_prop(change.document)}"
    if change.line is not None:  # the changed node in HEAD (or its nearest ancestor there)
        where += f",line={change.line},col={change.column}"
    return f"::{command} {where},title={_prop(title)}::{_data(text)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
