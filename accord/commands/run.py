"""`accord run --target FILE`: judge a deployment on every contract (the conformance suite).

A thin layer over pytest: it checks the target is usable (exit 2 with one line otherwise), then runs
`pytest.main` with the `conformance.plugin`, collecting from the suite's own root.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from accord.cli import UsageError

# pytest exit codes: 0 ok, 1 failed, 2 interrupted, 3 internal error, 4 usage, 5 no tests.
# The plugin sets them from the verdict: usage (4) is also "nothing was judged".
EXIT_CODES = {0: 0, 1: 1, 2: 130, 3: 1, 4: 2, 5: 2}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `run` sub-command."""
    parser = subparsers.add_parser(
        "run",
        help="judge a deployment on every contract (conformance suite)",
        description="Run the conformance suite against the deployment a target file describes. "
        "Exit 0 when every judged check passed and every family judged something, 1 when a check "
        "failed or errored (or a --require'd family was not judged whole), 2 for an unusable "
        "target or a run that judged nothing.",
    )
    parser.add_argument("--target", required=True, type=Path, help="target file (YAML)")
    parser.add_argument("--only", help="comma-separated families, e.g. auth,errors")
    parser.add_argument(
        "--require",
        metavar="FAMILIES",
        help="comma-separated families, or all: a check of theirs not judged because the target "
        "lacks its input fails the run (waivers still apply)",
    )
    parser.add_argument("--report-dir", type=Path, default=Path("reports"), help="default: reports")
    parser.add_argument("--max-examples", type=int, default=50, help="examples per operation")
    parser.add_argument("--seed", type=int, help="seed for generated data")
    parser.add_argument("--pytest-arg", action="append", default=[], help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the target is usable, then run the suite through pytest."""
    # Hypothesis (under Schemathesis) keeps a cache folder; keep it out of the user's working
    # directory. Read lazily by Hypothesis, so setting it before the run is enough.
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(_cache_dir() / "hypothesis"))
    import pytest

    from conformance.context import RunOptions
    from conformance.plugin import CHECKS_DIR, prepare
    from conformance.target import TargetError

    _check_report_dir(args.report_dir)
    try:
        prepare(str(args.target), args.only, args.require, RunOptions(args.max_examples, args.seed))
    except TargetError as exc:
        raise UsageError(str(exc)) from None
    argv = [
        str(CHECKS_DIR),
        "-c",
        str(CHECKS_DIR.parent / "pytest.ini"),
        "-p",
        "conformance.plugin",
    ]
    argv += ["-p", "no:cacheprovider"]
    argv += ["-p", "no:terminal", "--accord-console", "--accord-preflight-done"]
    argv += ["--target", str(args.target)]
    argv += ["--report-dir", str(args.report_dir), "--max-examples", str(args.max_examples)]
    argv += ["--only", args.only] if args.only else []
    argv += ["--require", args.require] if args.require else []
    argv += ["--seed", str(args.seed)] if args.seed is not None else []
    code = int(pytest.main([*argv, *args.pytest_arg]))
    print(f"reports: {args.report_dir}/report.html, report.json, junit.xml")
    return EXIT_CODES.get(code, 1)


def _check_report_dir(folder: Path) -> None:
    """Before the run, not after it: a report folder that cannot be written would lose it."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--report-dir {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise UsageError(
            f"--report-dir {folder} cannot be written: {exc.strerror or exc}"
        ) from None


def _cache_dir() -> Path:
    """Accord's cache folder: $XDG_CACHE_HOME/accord, else ~/.cache/accord."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "accord"
