"""The result stream: one `CheckResult` per check x subject, consumed by independent reporters.

A reporter has `start(total)`, `add(result)` and `finish(summary)`; the console, `report.json`,
`junit.xml` and `report.html` are four such consumers and know nothing of each other or of pytest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Protocol

from conformance.reports.verdict import Verdict, verdict

STATUSES = ("passed", "failed", "skipped", "error")


@dataclass(frozen=True)
class CheckResult:
    id: str
    family: str
    requirement: str
    description: str
    subject: str
    status: str  # passed | failed | skipped (not judged, by declaration) | error
    message: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    duration: float = 0.0
    waived: bool = False  # skipped because the target waives the check, with its reason

    @property
    def name(self) -> str:
        return f"{self.id}[{self.subject}]"

    @property
    def judged(self) -> bool:
        return self.status != "skipped"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Selection:
    """What the run was asked to judge: the families, which were named, which are required."""

    families: tuple[str, ...] = ()
    named: bool = False  # chosen with --only (each must then judge something)
    required: frozenset[str] = frozenset()
    seed: int | None = None
    max_examples: int | None = None


@dataclass(frozen=True)
class Summary:
    """Counts for the whole run and per family, and the verdict they earn."""

    results: tuple[CheckResult, ...]
    target: str
    duration: float
    selection: Selection = field(default_factory=Selection)

    def counts(self, family: str | None = None) -> dict[str, int]:
        seen = Counter(r.status for r in self.results if family in (None, r.family))
        counts = {status: seen.get(status, 0) for status in STATUSES}
        judged = counts["passed"] + counts["failed"] + counts["error"]
        return counts | {"judged": judged, "total": sum(seen.values())}

    @property
    def families(self) -> list[str]:
        return sorted({r.family for r in self.results} | set(self.selection.families))

    @cached_property
    def verdict(self) -> Verdict:
        return verdict(self.results, self.selection)

    @property
    def ok(self) -> bool:
        return self.verdict.status == "PASSED"


def score(counts: dict[str, int]) -> str:
    """Passed out of every selected result: what was not judged still counts in the total."""
    return f"{counts['passed']}/{counts['total']}" if counts["total"] else "-"


class Reporter(Protocol):
    def start(self, total: int) -> None: ...
    def activity(self, text: str) -> None: ...
    def add(self, result: CheckResult) -> None: ...
    def finish(self, summary: Summary) -> None: ...


class ResultStream:
    """Fans each result out to every reporter and keeps them for the summary."""

    def __init__(
        self, reporters: list[Reporter], target: str, selection: Selection | None = None
    ) -> None:
        self.reporters = reporters
        self.target = target
        self.selection = selection or Selection()
        self.results: list[CheckResult] = []

    def start(self, total: int) -> None:
        for reporter in self.reporters:
            reporter.start(total)

    def activity(self, text: str) -> None:
        """What the suite is doing now, between results (for live progress)."""
        for reporter in self.reporters:
            reporter.activity(text)

    def publish(self, result: CheckResult) -> None:
        self.results.append(result)
        for reporter in self.reporters:
            reporter.add(result)

    def finish(self, duration: float) -> Summary:
        summary = Summary(tuple(self.results), self.target, duration, self.selection)
        for reporter in self.reporters:
            reporter.finish(summary)
        return summary
