"""`accord run --target FILE`: judge a deployment on every contract (the conformance suite).

A thin layer over pytest: it checks the target is usable (exit 2 with one line otherwise), then runs
`pytest.main` with the `conformance.plugin`, collecting from the suite's own root.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from accord.cli import UsageError

# pytest exit codes: 0 ok, 1 failed, 2 interrupted, 3 internal error, 4 usage, 5 no tests.
EXIT_CODES = {0: 0, 1: 1, 2: 130, 3: 1, 4: 2, 5: 0}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `run` sub-command."""
    parser = subparsers.add_parser(
        "run",
        help="judge a deployment on every contract (conformance suite)",
        description="Run the conformance suite against the deployment a target file describes. "
        "Exit 0 when every non-waived check passed, 1 when any failed, 2 for an unusable target.",
    )
    parser.add_argument("--target", required=True, type=Path, help="target file (YAML)")
    parser.add_argument("--only", help="comma-separated families, e.g. auth,errors")
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

    from conformance.plugin import CHECKS_DIR, prepare
    from conformance.target import TargetError, check_reachable

    try:
        target, _ = prepare(str(args.target), args.only)
        check_reachable(target)
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
    argv += ["-p", "no:terminal", "--accord-console", "--target", str(args.target)]
    argv += ["--report-dir", str(args.report_dir), "--max-examples", str(args.max_examples)]
    argv += ["--only", args.only] if args.only else []
    argv += ["--seed", str(args.seed)] if args.seed is not None else []
    code = int(pytest.main([*argv, *args.pytest_arg]))
    print(f"reports: {args.report_dir}/report.html, report.json, junit.xml")
    return EXIT_CODES.get(code, 1)


def _cache_dir() -> Path:
    """Accord's cache folder: $XDG_CACHE_HOME/accord, else ~/.cache/accord."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "accord"
