"""The console: progress while the work happens, then a table per family and the verdict line.

On a terminal, a live bar advances per judged check and shows what the suite is doing meanwhile
(Schemathesis cases, triggering calls, pact interactions), fed by `activity`. Elsewhere (CI logs)
it prints one plain line per family as the family finishes, with its counts and elapsed time.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from conformance.reports import CheckResult, Summary, score

STYLE = {"passed": "green", "failed": "red", "error": "red", "skipped": "yellow"}
VERDICT_STYLE = {"PASSED": "green", "FAILED": "red", "NOTHING JUDGED": "red"}


class ConsoleReporter:
    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=False)
        self.live = self.console.is_terminal
        self.progress = Progress(
            TextColumn("[bold]accord run"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"),
            console=self.console,
            transient=True,
        )
        self.task: TaskID | None = None
        self.family: str | None = None
        self.family_results: list[CheckResult] = []
        self.family_started = time.perf_counter()

    def start(self, total: int) -> None:
        self.family_started = time.perf_counter()
        if self.live:
            self.progress.start()
            self.task = self.progress.add_task("checks", total=total, last="")

    def activity(self, text: str) -> None:
        """What the suite is doing between results (a case sent, a call awaited)."""
        if self.task is not None:
            self.progress.update(self.task, last=escape(text))

    def add(self, result: CheckResult) -> None:
        if result.family != self.family:
            self._family_done()
            self.family = result.family
        self.family_results.append(result)
        if result.status in ("failed", "error"):
            line = f"{result.name}: {result.message}"
            self.progress.console.print(f"[red]✗[/] {escape(line)}", soft_wrap=True)
        if self.task is not None:
            self.progress.update(self.task, advance=1, last=escape(result.name))

    def _family_done(self) -> None:
        """One plain line per finished family, for logs that have no live display."""
        if self.live or self.family is None:
            return
        counts = {s: sum(r.status == s for r in self.family_results) for s in STYLE}
        elapsed = time.perf_counter() - self.family_started
        judged = counts["passed"] + counts["failed"] + counts["error"]
        self.console.print(
            f"{self.family}: {judged}/{len(self.family_results)} judged, {counts['passed']} passed,"
            f" {counts['failed']} failed, {counts['error']} error, {counts['skipped']} not judged"
            f" in {elapsed:.1f} s",
            highlight=False,
            soft_wrap=True,
        )
        # The next family's work began when this one's last result came in.
        self.family_results, self.family_started = [], time.perf_counter()

    def finish(self, summary: Summary) -> None:
        self._family_done()
        self.progress.stop()
        table = Table(title="Conformance summary")
        for column in ("family", "passed", "judged", "failed", "error", "not judged"):
            table.add_column(column, justify="left" if column == "family" else "right")
        for family in [*summary.families, None]:
            c = summary.counts(family)
            table.add_row(
                family or "[bold]all",
                f"[{STYLE['passed']}]{score(c)}",
                f"{c['judged']}/{c['total']}",
                *(f"[{STYLE[s]}]{c[s]}" for s in ("failed", "error", "skipped")),
            )
        self.console.print(table)
        verdict = summary.verdict
        style = VERDICT_STYLE[verdict.status]
        self.console.print(
            f"[{style}]{escape(verdict.line)}[/] ({summary.duration:.1f} s)", soft_wrap=True
        )
