"""Profile Orders under load: where `GET /orders/{id}` or `POST /orders` spends its CPU.

Starts Orders as `bench_http` does (one worker pinned to the first core, SQLite, Payments absent),
loads it with wrk from the second core and samples it with py-spy (`--gil`: only the thread
holding the GIL is sampled, so idle threads do not drown the picture). Prints the functions with
the most samples, by own time and by inclusive time, as shares of all samples.

    .venv/bin/python -m bench.profile_http [--method GET|POST] [--seconds 10] [--top 30]

py-spy comes with `pip install -e '.[bench]'`; it reads another process's memory, so it needs
ptrace rights (root, or `kernel.yama.ptrace_scope=0`).
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path

from bench import harness
from bench.bench_http import ORDER, start_pair


def top(raw: Path, limit: int) -> tuple[list[tuple[str, float]], list[tuple[str, float]], int]:
    """(own, inclusive) shares of the most sampled frames in py-spy's raw output; total."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames, samples = stack.split(";"), int(count)
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    share = max(1, total)
    return (
        [(f, n / share) for f, n in own.most_common(limit)],
        [(f, n / share) for f, n in inclusive.most_common(limit)],
        total,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=["GET", "POST"], default="GET")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    spy = harness.require_tool("py-spy", "pip install -e '.[bench]' (or pip install py-spy)")
    harness.require_tool("wrk", "apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    with tempfile.TemporaryDirectory(prefix="accord-profile-") as tmp, ExitStack() as stack:
        reference, _ = start_pair(stack, "sqlite", "core", Path(tmp))
        order_id = reference.create_order()
        if args.method == "GET":
            url, body = reference.url(f"/orders/{order_id}"), None
        else:
            url, body = reference.url("/orders"), ORDER
        headers = {**reference.headers, "Content-Type": "application/json"}
        load = threading.Thread(
            target=harness.wrk,
            args=(url,),
            kwargs={
                "seconds": args.seconds + 3,
                "cpus": [harness.cores()[-1]],
                "method": args.method,
                "body": body,
                "headers": headers,
            },
        )
        load.start()
        raw = Path(tmp) / "profile.raw"
        sample = [spy, "record", "--pid", str(reference.process.pid), "--gil", "--rate", "250"]
        sample += ["--duration", str(args.seconds), "--format", "raw", "--output", str(raw)]
        done = subprocess.run(sample, capture_output=True, text=True, check=False)
        load.join()
        if done.returncode != 0 or not raw.exists():
            harness.fail(f"py-spy failed: {done.stderr.strip()[-300:]}")
        own, inclusive, total = top(raw, args.top)
    for title, entries in (("own time", own), ("inclusive time", inclusive)):
        rows = [[frame, f"{share:.1%}"] for frame, share in entries]
        table = harness.ratio_table(
            f"{args.method} on Orders: top frames by {title}, {total} samples",
            ["frame", "share"],
            rows,
        )
        harness.console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
