"""The console: live progress while checks run, then a summary table per family and the failures."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from conformance.reports import CheckResult, Summary, score

STYLE = {"passed": "green", "failed": "red", "error": "red", "skipped": "yellow"}


class ConsoleReporter:
    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=False)
        self.progress = Progress(
            TextColumn("[bold]accord run"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"),
            console=self.console,
            transient=True,
        )
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("checks", total=total, last="")

    def add(self, result: CheckResult) -> None:
        if result.status in ("failed", "error"):
            line = f"{result.name}: {result.message}"
            self.progress.console.print(f"[red]✗[/] {escape(line)}")
        if self.task is not None:
            self.progress.update(self.task, advance=1, last=escape(result.name))

    def finish(self, summary: Summary) -> None:
        self.progress.stop()
        table = Table(title="Conformance summary")
        for column in ("family", "score", "passed", "failed", "error", "skipped"):
            table.add_column(column, justify="left" if column == "family" else "right")
        for family in [*summary.families, None]:
            c = summary.counts(family)
            table.add_row(
                family or "[bold]all",
                score(c),
                *(f"[{STYLE[s]}]{c[s]}" for s in ("passed", "failed", "error", "skipped")),
            )
        self.console.print(table)
        verdict = "[green]PASSED" if summary.ok else "[red]FAILED"
        self.console.print(f"{verdict}[/] in {summary.duration:.1f} s")
