"""Benchmark: a full conformance run against the reference on the embedded defaults.

Target (issue 4): at most 60 s with 50 examples per operation on a 2-core machine.
Prints a table: one row per run, wall time, the suite's own duration, checks judged, and the
largest resident set of any process of the runs so far (the demo and the services it started).

    .venv/bin/python bench/bench_demo.py [--runs 3] [--max-examples 50]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

TARGET_SECONDS = 60.0


def one_run(max_examples: int, seed: int) -> dict:
    """Run `accord demo` once in a fresh data dir; return its figures."""
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        reports = Path(tmp) / "reports"
        argv = [sys.executable, "-m", "accord", "demo", "--report-dir", str(reports)]
        argv += ["--max-examples", str(max_examples), "--seed", str(seed)]
        argv += ["--data-dir", str(Path(tmp) / "data")]
        started = time.monotonic()
        done = subprocess.run(argv, capture_output=True, text=True)
        wall = time.monotonic() - started
        report = json.loads((reports / "report.json").read_text())
    summary = report["summary"]
    return {
        "exit": done.returncode,
        "wall": wall,
        "suite": report["duration"],
        "checks": summary["total"],
        "failed": summary["failed"] + summary["error"],
        "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-examples", type=int, default=50)
    args = parser.parse_args()
    table = Table(title=f"accord demo, {args.max_examples} examples per operation")
    for column in ("run", "exit", "wall s", "suite s", "checks", "failed", "max RSS MB"):
        table.add_column(column, justify="right")
    walls = []
    for run in range(1, args.runs + 1):
        r = one_run(args.max_examples, seed=run)
        walls.append(r["wall"])
        table.add_row(
            str(run),
            str(r["exit"]),
            f"{r['wall']:.1f}",
            f"{r['suite']:.1f}",
            str(r["checks"]),
            str(r["failed"]),
            f"{r['rss_mb']:.0f}",
        )
    console = Console()
    console.print(table)
    worst = max(walls)
    verdict = "within" if worst <= TARGET_SECONDS else "OVER"
    console.print(f"worst wall time {worst:.1f} s: {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
