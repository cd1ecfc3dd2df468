"""The pytest plugin: `--target FILE` turns every registered check x subject into a pytest item.

Used by `accord run` (through `pytest.main`) and directly:
`pytest -p conformance.plugin --target FILE`.
Collection starts at `conformance/checks/` (its own root, whatever the current project's testpaths).
Each item's outcome is published as a `CheckResult` on the result stream the reporters consume.
"""

from __future__ import annotations

import argparse
import secrets
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance import preflight, registry
from conformance.context import RunOptions
from conformance.nodes import CheckItem, CheckSuite, result_of
from conformance.reports import Reporter, ResultStream, Selection
from conformance.reports.console import ConsoleReporter
from conformance.reports.html import HtmlReport
from conformance.reports.json_report import JsonReport
from conformance.reports.junit import JunitReport
from conformance.run import Run
from conformance.target import Target, TargetError, load_target

CHECKS_DIR = Path(registry.__file__).resolve().parent / "checks"
RUN = pytest.StashKey["Run"]()
OPTIONS = RunOptions()


def prepare(
    target_file: str,
    only: str | None,
    require: str | None = None,
    options: RunOptions = OPTIONS,
    preflight_check: bool = True,
) -> tuple[Target, Selection]:
    """Load the target, resolve `--only` and `--require`, and check the target can feed the
    selection (`conformance.preflight`); TargetError names what is unusable, in one line."""
    if options.max_examples < 1:
        raise TargetError(f"--max-examples must be at least 1, not {options.max_examples}")
    target = load_target(target_file)
    checks = registry.discover()
    known = sorted(registry.families())
    wanted = _families("--only", only, known, "the known families are") if only else known
    chosen = "--only selects" if only else "the known families are"
    required = _families("--require", require, wanted, chosen) if require else []
    stray = [w for w in target.waivers if w not in checks]
    if stray:
        raise TargetError(f"{target.path}: waiver names unknown check {', '.join(stray)}")
    selection = Selection(
        tuple(wanted), bool(only), frozenset(required), options.seed, options.max_examples
    )
    if preflight_check:
        preflight.check(target, selection)
    return target, selection


def parse_inputs(pairs: list[str]) -> dict[str, Any]:
    """`NAME=VALUE` pairs; a value is read as a YAML scalar (`3` a number, `true` a boolean)."""
    found: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"--input {pair!r} is not NAME=VALUE")
        try:
            found[name] = yaml.safe_load(value) if value else ""
        except yaml.YAMLError:
            found[name] = value
    return found


def _families(option: str, text: str, allowed: list[str], allowed_are: str) -> list[str]:
    """The families a comma-separated option names (`all`: every allowed one)."""
    names = [f.strip() for f in text.split(",") if f.strip()]
    if names == ["all"]:
        return allowed
    unknown = [f for f in names if f not in allowed]
    if unknown or not names:
        named = ", ".join(unknown) or "no family"
        raise TargetError(f"{option} names {named}; {allowed_are} {', '.join(allowed)}")
    return names


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("accord", "Accord conformance suite")
    group.addoption("--target", help="target file (YAML) describing the deployment to judge")
    group.addoption("--only", help="comma-separated families to run (default: all)")
    group.addoption(
        "--require", help="families (or all) that must be judged whole: a declared gap fails"
    )
    group.addoption("--report-dir", help="write report.json, junit.xml and report.html here")
    group.addoption("--max-examples", type=int, default=50, help="examples per operation (api)")
    group.addoption("--seed", type=int, default=None, help="seed for generated data")
    group.addoption("--accord-console", action="store_true", help="rich live progress and summary")
    group.addoption("--flow", action="append", default=[], help="Arazzo file (flow family)")
    group.addoption("--workflow", action="append", default=[], help="run only this workflow id")
    group.addoption("--input", action="append", default=[], help="workflow input NAME=VALUE")
    # accord run has already checked the target before starting pytest: not twice (a candidate
    # dying in between would otherwise turn into a usage error instead of judged errors).
    group.addoption("--accord-preflight-done", action="store_true", help=argparse.SUPPRESS)


def pytest_configure(config: pytest.Config) -> None:
    target_file = config.getoption("target", None)
    if not target_file:
        return
    # A run without --seed still has one, chosen here and recorded in every report, so any run
    # can be repeated with `--seed N`.
    seed = config.getoption("seed")
    try:
        inputs = tuple(parse_inputs(config.getoption("input")).items())
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from exc
    options = RunOptions(
        config.getoption("max_examples"),
        secrets.randbelow(2**31) if seed is None else seed,
        flows=tuple(config.getoption("flow")),
        workflows=tuple(config.getoption("workflow")),
        inputs=inputs,
    )
    try:
        target, selection = prepare(
            target_file,
            config.getoption("only"),
            config.getoption("require"),
            options,
            preflight_check=not config.getoption("accord_preflight_done"),
        )
    except TargetError as exc:
        raise pytest.UsageError(str(exc)) from exc
    stream = ResultStream(_reporters(config), str(target.path), selection)
    config.stash[RUN] = Run(target, selection, options, stream)
    _collect_from_checks(config)


def _reporters(config: pytest.Config) -> list[Reporter]:
    reporters: list[Reporter] = [ConsoleReporter()] if config.getoption("accord_console") else []
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
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if RUN in parent.config.stash and path == CHECKS_DIR:
        return CheckSuite.from_parent(parent, path=path, run=parent.config.stash[RUN])
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    if RUN in session.config.stash:
        session.config.stash[RUN].stream.start(len(session.items))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if isinstance(item, CheckItem) and (call.when == "call" or report.outcome != "passed"):
        run = item.config.stash[RUN]
        run.stream.publish(result_of(item, call, report, run.required))
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    run = session.config.stash.get(RUN, None)
    if run is not None:
        run.ctx.close()
        run.summary = run.stream.finish(time.perf_counter() - run.started)
        # The verdict, not pytest's outcome, decides the exit status (a run of skips is not a
        # pass); "nothing judged" is unusable input, pytest's usage-error status.
        verdict = run.summary.verdict
        codes = {0: pytest.ExitCode.OK, 1: pytest.ExitCode.TESTS_FAILED}
        session.exitstatus = codes.get(verdict.exit_code, pytest.ExitCode.USAGE_ERROR)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
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
    terminalreporter.write_line(summary.verdict.line)
