"""The pytest plugin: `--target FILE` turns every registered check x subject into a pytest item.

Used by `accord run` (through `pytest.main`) and directly:
`pytest -p conformance.plugin --target FILE`.
Collection starts at `conformance/checks/` (its own root, whatever the current project's testpaths).
Each item's outcome is published as a `CheckResult` on the result stream the reporters consume.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conformance import registry
from conformance.context import RunContext, RunOptions
from conformance.nodes import CheckItem, CheckSuite, result_of
from conformance.reports import ResultStream, Summary
from conformance.reports.console import ConsoleReporter
from conformance.reports.html import HtmlReport
from conformance.reports.json_report import JsonReport
from conformance.reports.junit import JunitReport
from conformance.target import Target, TargetError, load_target

CHECKS_DIR = Path(registry.__file__).resolve().parent / "checks"
RUN = pytest.StashKey["Run"]()


class Run:
    """Everything one session needs: the target, the selected families, the context, the stream."""

    def __init__(
        self, target: Target, families: list[str], options: RunOptions, stream: ResultStream
    ) -> None:
        self.target = target
        self.families = families
        self.ctx = RunContext(target, options)
        self.stream = stream
        self.started = time.perf_counter()
        self.summary: Summary | None = None  # set when the session finishes


def prepare(target_file: str, only: str | None) -> tuple[Target, list[str]]:
    """Load the target and resolve `--only`; TargetError names what is unusable."""
    target = load_target(target_file)
    checks = registry.discover()
    known = sorted(registry.families())
    wanted = [f.strip() for f in only.split(",") if f.strip()] if only else known
    unknown = [f for f in wanted if f not in known]
    if unknown:
        raise TargetError(f"unknown family {', '.join(unknown)} (known: {', '.join(known)})")
    stray = [w for w in target.waivers if w not in checks]
    if stray:
        raise TargetError(f"{target.path}: waiver names unknown check {', '.join(stray)}")
    return target, wanted


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("accord", "Accord conformance suite")
    group.addoption("--target", help="target file (YAML) describing the deployment to judge")
    group.addoption("--only", help="comma-separated families to run (default: all)")
    group.addoption("--report-dir", help="write report.json, junit.xml and report.html here")
    group.addoption("--max-examples", type=int, default=50, help="examples per operation (api)")
    group.addoption("--seed", type=int, default=None, help="seed for generated data")
    group.addoption("--accord-console", action="store_true", help="rich live progress and summary")


def pytest_configure(config: pytest.Config) -> None:
    target_file = config.getoption("target", None)
    if not target_file:
        return
    try:
        target, families = prepare(target_file, config.getoption("only"))
    except TargetError as exc:
        raise pytest.UsageError(str(exc)) from exc
    options = RunOptions(config.getoption("max_examples"), config.getoption("seed"))
    config.stash[RUN] = Run(
        target, families, options, ResultStream(_reporters(config), str(target.path))
    )
    _collect_from_checks(config)


def _reporters(config: pytest.Config) -> list:
    reporters: list = [ConsoleReporter()] if config.getoption("accord_console") else []
    folder = config.getoption("report_dir")
    if folder:
        reporters += [JsonReport(Path(folder)), JunitReport(Path(folder)), HtmlReport(Path(folder))]
    return reporters


def _collect_from_checks(config: pytest.Config) -> None:
    """Collection starts at conformance/checks: instead of testpaths, or beside explicit paths."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args = [str(CHECKS_DIR)]
    elif str(CHECKS_DIR) not in config.args:
        config.args.append(str(CHECKS_DIR))


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector):
    if RUN in parent.config.stash and path == CHECKS_DIR:
        return CheckSuite.from_parent(parent, path=path, run=parent.config.stash[RUN])
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    if RUN in session.config.stash:
        session.config.stash[RUN].stream.start(len(session.items))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if isinstance(item, CheckItem) and (call.when == "call" or report.outcome != "passed"):
        item.config.stash[RUN].stream.publish(result_of(item, call, report))
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    run = session.config.stash.get(RUN, None)
    if run is not None:
        run.ctx.close()
        run.summary = run.stream.finish(time.perf_counter() - run.started)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    run = config.stash.get(RUN, None)
    summary = getattr(run, "summary", None)
    if summary is None or config.getoption("accord_console"):
        return
    terminalreporter.section("accord conformance")
    for family in summary.families:
        counts = summary.counts(family)
        terminalreporter.write_line(
            f"{family:<10} " + " ".join(f"{k}={v}" for k, v in counts.items())
        )
