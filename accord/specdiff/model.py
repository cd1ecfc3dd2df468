"""What `accord diff` finds: rules with a fixed level, and the changes they classify."""

from __future__ import annotations

from dataclasses import dataclass, field

BREAKING, WARNING, INFO = "breaking", "warning", "info"
LEVELS = (BREAKING, WARNING, INFO)


def gates(level: str, fail_on: str) -> bool:
    """True when a change at `level` fails the gate at `--fail-on fail_on`, unless let pass."""
    return LEVELS.index(level) <= LEVELS.index(fail_on)


@dataclass(frozen=True)
class Rule:
    """A kind of change: a stable id, its level and what it means for consumers."""

    id: str
    level: str
    summary: str


@dataclass
class Change:
    """One classified difference, located by document (relative to the specs folder) and pointer."""

    rule: Rule
    document: str
    pointer: str
    message: str
    services: tuple[str, ...] = ()
    allowed: str = ""  # the allow-list reason, when this change is allowed
    covered: bool = False  # a gated change covered by a major version bump
    fail_on: str = BREAKING  # the lowest level that fails the gate (`--fail-on`)
    line: int | None = None  # where the pointer (or its nearest ancestor) is in HEAD's file
    column: int | None = None

    @property
    def level(self) -> str:
        """The rule's level."""
        return self.rule.level

    @property
    def gated(self) -> bool:
        """At or above the `--fail-on` level: blocks unless allow-listed or covered."""
        return gates(self.level, self.fail_on)

    @property
    def blocking(self) -> bool:
        """Gated, and neither allow-listed nor covered by a major version bump."""
        return self.gated and not self.allowed and not self.covered

    def key(self) -> tuple[str, str, str]:
        """What an allow-list entry matches: rule, document, pointer."""
        return self.rule.id, self.document, self.pointer


@dataclass
class StepResult:
    """One gate step besides the diff (lint, pact check): passed, failed or skipped, with lines."""

    name: str
    status: str  # "passed" | "failed" | "skipped"
    lines: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """The step found problems."""
        return self.status == "failed"


@dataclass
class GateResult:
    """Everything the gate reports: the changes, the other steps, and the verdict."""

    base: str
    head: str
    changes: list[Change]
    steps: list[StepResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fail_on: str = BREAKING

    @property
    def blocking(self) -> list[Change]:
        """The changes that fail the gate."""
        return [c for c in self.changes if c.blocking]

    @property
    def passed(self) -> bool:
        """No blocking change and no failed step."""
        return not self.blocking and not any(s.failed for s in self.steps)

    def count(self, level: str) -> int:
        """How many changes have `level`."""
        return sum(1 for c in self.changes if c.level == level)
