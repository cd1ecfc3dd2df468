"""The result stream: one `CheckResult` per check x subject, consumed by independent reporters.

A reporter has `start(total)`, `add(result)` and `finish(summary)`; the console, `report.json`,
`junit.xml` and `report.html` are four such consumers and know nothing of each other or of pytest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

STATUSES = ("passed", "failed", "skipped", "error")


@dataclass(frozen=True)
class CheckResult:
    id: str
    family: str
    requirement: str
    description: str
    subject: str
    status: str  # passed | failed | skipped | error
    message: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    duration: float = 0.0

    @property
    def name(self) -> str:
        return f"{self.id}[{self.subject}]"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Summary:
    """Counts for the whole run and per family."""

    results: tuple[CheckResult, ...]
    target: str
    duration: float

    def counts(self, family: str | None = None) -> dict[str, int]:
        seen = Counter(r.status for r in self.results if family in (None, r.family))
        return {status: seen.get(status, 0) for status in STATUSES} | {"total": sum(seen.values())}

    @property
    def families(self) -> list[str]:
        return sorted({r.family for r in self.results})

    @property
    def ok(self) -> bool:
        return not any(r.status in ("failed", "error") for r in self.results)


def score(counts: dict[str, int]) -> str:
    """Passed out of judged (skipped results are not judged)."""
    judged = counts["passed"] + counts["failed"] + counts["error"]
    return f"{counts['passed']}/{judged}" if judged else "skipped"


class Reporter(Protocol):
    def start(self, total: int) -> None: ...
    def add(self, result: CheckResult) -> None: ...
    def finish(self, summary: Summary) -> None: ...


class ResultStream:
    """Fans each result out to every reporter and keeps them for the summary."""

    def __init__(self, reporters: list[Reporter], target: str) -> None:
        self.reporters = reporters
        self.target = target
        self.results: list[CheckResult] = []

    def start(self, total: int) -> None:
        for reporter in self.reporters:
            reporter.start(total)

    def publish(self, result: CheckResult) -> None:
        self.results.append(result)
        for reporter in self.reporters:
            reporter.add(result)

    def finish(self, duration: float) -> Summary:
        summary = Summary(tuple(self.results), self.target, duration)
        for reporter in self.reporters:
            reporter.finish(summary)
        return summary
