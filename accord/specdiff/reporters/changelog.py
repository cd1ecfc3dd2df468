"""A changelog in Markdown that a release note takes as it is: the changes by level and service.

It speaks to the contracts' readers, not to the gate: no verdict, steps, pointers or allow-list
reasons (a breaking change the allow-list lets pass is still breaking for its readers). Its
sections start at `###`, to sit under the release's own heading.
"""

from __future__ import annotations

from itertools import groupby

from accord.specdiff.model import BREAKING, INFO, WARNING, Change, GateResult

SECTIONS = (
    (BREAKING, "Breaking changes"),
    (WARNING, "Changes to review"),
    (INFO, "Compatible changes"),
)


def render(result: GateResult) -> str:
    """The changelog: one section per level that has changes."""
    lines: list[str] = []
    for level, title in SECTIONS:
        changes = sorted((c for c in result.changes if c.level == level), key=_service)
        if not changes:
            continue
        lines += [f"### {title}", ""]
        for service, group in groupby(changes, key=_service):
            prefix = f"**{service}**: " if service else ""
            lines += [f"- {prefix}{_line(c.message)}" for c in group]
        lines.append("")
    return "\n".join(lines or ["No contract changes.", ""])


def _service(change: Change) -> str:
    return ", ".join(change.services)


def _line(message: str) -> str:
    text = message.replace("\n", " ").strip()
    return text[:1].upper() + text[1:]
