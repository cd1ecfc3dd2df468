"""`accord lint [DIR]`: validate and cross-check the contracts in a specs folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from accord.bundled import specs_dir
from accord.cli import UsageError
from accord.speclint import LintResult, SpecsNotFound, lint
from accord.speclint.flows import coverage, flow_files


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `lint` sub-command."""
    parser = subparsers.add_parser(
        "lint",
        help="validate the specs and cross-check them",
        description="Validate every document of every service folder and cross-check them. "
        "Given one service's folder (it holds a service.yaml), lint that service alone: the "
        "checks between services (subscriptions, flows) need the folder that holds them all.",
    )
    parser.add_argument(
        "dir",
        nargs="?",
        type=Path,
        help="folder of service folders, or one service's folder (default: the bundled specs)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per problem and a summary; 1 when there are problems, else 0."""
    root = args.dir or specs_dir()
    try:
        result = lint(root)
    except SpecsNotFound as exc:
        raise UsageError(str(exc)) from None
    for problem in result.problems:
        print(problem.line())
    print(summary(result))
    if not result.problems and not result.skipped and flow_files(root):
        print(flow_coverage(root, result))
    return 1 if result.problems else 0


def flow_coverage(root: Path, result: LintResult) -> str:
    """Which operations and published channels no flow exercises (information, not a problem)."""
    missing = coverage(root, {s.name: s.folder for s in result.services})
    if not missing:
        return "flows: every operation and published channel is exercised"
    return "flows: not exercised by any flow: " + ", ".join(missing)


def summary(result: LintResult) -> str:
    """`N problems in M files`, or `specs OK: <services>`; and which checks between services
    were not run (one service's folder)."""
    if not result.problems:
        line = "specs OK: " + ", ".join(sorted(s.name for s in result.services))
    else:
        count, files = len(result.problems), len(result.files)
        line = f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}"
    if result.skipped:
        line += (
            f" (this service alone: {', '.join(result.skipped)} check services together; "
            "lint the folder that holds them all)"
        )
    return line
