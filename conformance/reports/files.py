"""Reporters that write a file once the run is over."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from conformance.reports import CheckResult, Summary


class FileReporter(ABC):
    """Base for the file reports: results are in the summary, so only `finish` writes."""

    filename = ""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / self.filename

    def start(self, total: int) -> None:  # noqa: B027 (a file is written only at the end)
        """Nothing to do before the run."""

    def activity(self, text: str) -> None:  # noqa: B027 (a file shows no progress)
        """Nothing to show while the run works."""

    def add(self, result: CheckResult) -> None:  # noqa: B027 (results come in the summary)
        """Nothing to do per result."""

    def finish(self, summary: Summary) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.render(summary), encoding="utf-8")

    @abstractmethod
    def render(self, summary: Summary) -> str:
        """The whole report file's text."""
