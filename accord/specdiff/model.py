"""What `accord diff` finds: rules with a fixed level, and the changes they classify."""

from __future__ import annotations

from dataclasses import dataclass, field

BREAKING, WARNING, INFO = "breaking", "warning", "info"
LEVELS = (BREAKING, WARNING, INFO)


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
    covered: bool = False  # a breaking change covered by a major version bump

    @property
    def level(self) -> str:
        """The rule's level."""
        return self.rule.level

    @property
    def blocking(self) -> bool:
        """Breaking, and neither allow-listed nor covered by a major version bump."""
        return self.level == BREAKING and not self.allowed and not self.covered

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

    @property
    def blocking(self) -> list[Change]:
        """The breaking changes that fail the gate."""
        return [c for c in self.changes if c.blocking]

    @property
    def passed(self) -> bool:
        """No blocking change and no failed step."""
        return not self.blocking and not any(s.failed for s in self.steps)

    def count(self, level: str) -> int:
        """How many changes have `level`."""
        return sum(1 for c in self.changes if c.level == level)
