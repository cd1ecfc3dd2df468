"""Reporters that write a file once the run is over."""

from __future__ import annotations

from pathlib import Path

from conformance.reports import CheckResult, Summary


class FileReporter:
    """Base for the file reports: results are in the summary, so only `finish` writes."""

    filename = ""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / self.filename

    def start(self, total: int) -> None:
        pass

    def add(self, result: CheckResult) -> None:
        pass

    def finish(self, summary: Summary) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.render(summary), encoding="utf-8")

    def render(self, summary: Summary) -> str:
        raise NotImplementedError
