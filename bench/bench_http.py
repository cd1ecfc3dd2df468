"""Benchmark: the reference's `GET /orders/{id}` and `POST /orders` against bare Starlette.

Orders serves each request in full: bearer token, request validation, persistence, the outbox
and the payment request of a new order, JSON log lines to its log file. The baseline
(`bench/baseline_app.py`) is bare Starlette + uvicorn (uvloop, httptools) doing the same read or
insert on the same database, nothing else. Both run at once and are loaded in turn, round after
round, so the machine's drift hits them alike; the table shows each one's median requests/s and
p99, and the ratio reference / baseline with its spread over the rounds.

Setups: `core`: one worker pinned to the first core, wrk (one thread, 32 connections) pinned to
the second; `box`: two workers (gunicorn + uvicorn workers for the reference, uvicorn --workers 2
for the baseline), nothing pinned. Databases: SQLite (the embedded default) and PostgreSQL.
Orders asks a stand-in Payments (the baseline's `POST /payments`, pinned beside wrk) to charge each
new order, so Orders' own cost, its outgoing call included, is what is measured.

Targets (issue 12, per core on SQLite): GET ≥ 0.12, POST ≥ 0.15 times the baseline; GET p99 ≤ 50 ms.

    .venv/bin/python -m bench.bench_http [--rounds 3] [--seconds 8] [--db sqlite,postgres]
                                         [--setup core,box] [--quick]
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import harness

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"
ORDER = json.dumps({"customerId": "bench-customer", "items": ["sku-1", "sku-2"]})
TARGETS = {"GET": 0.12, "POST": 0.15}
GET_P99_MS = 50.0


@dataclass
class Subject:
    """A server under load: where it listens and what its requests need."""

    name: str
    port: int
    headers: dict[str, str]
    process: harness.Process

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def create_order(self) -> str:
        request = urllib.request.Request(
            self.url("/orders"),
            data=ORDER.encode(),
            headers={**self.headers, "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.load(response)["id"])


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one setup; dropped afterwards."""
    import psycopg

    name = f"accord_bench_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    except psycopg.OperationalError as exc:
        harness.fail(f"PostgreSQL is not reachable on 127.0.0.1:5432 ({exc.__class__.__name__})")
    with admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            yield POSTGRES + name
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_pair(stack: ExitStack, db: str, setup: str, tmp: Path) -> tuple[Subject, Subject]:
    """The reference's Orders and the baseline, both serving, on the same kind of database."""
    workers = 1 if setup == "core" else 2
    cpus = [harness.cores()[0]] if setup == "core" else None
    data = tmp / f"{db}-{setup}"
    (data / "logs").mkdir(parents=True)
    if db == "postgres":
        orders_url = stack.enter_context(postgres_database())
        baseline_url = orders_url
    else:
        orders_url = f"sqlite:///{data / 'orders.sqlite3'}"
        baseline_url = f"sqlite:///{data / 'baseline.sqlite3'}"
    stub_port = harness.free_port()
    stub = harness.Process(
        [harness.PYTHON, "-m", "bench.baseline_app", "--port", str(stub_port),
         "--database-url", f"sqlite:///{data / 'stub.sqlite3'}"],
        cpus=[harness.cores()[-1]] if setup == "core" else None,
        log=tmp / "stub.out",
    )  # fmt: skip
    stack.enter_context(harness.running(stub, stub_port))
    port = harness.free_port()
    env = harness.reference_env(
        "orders",
        data,
        ACCORD_ORDERS_DATABASE_URL=orders_url,
        ACCORD_PAYMENTS_URL=f"http://127.0.0.1:{stub_port}",
    )
    reference = harness.Process(
        harness.reference_argv("orders", port, workers), env, cpus, tmp / "orders.out"
    )
    stack.enter_context(harness.running(reference, port))
    token = harness.mint_token(data, ["orders.read", "orders.write"], "orders")
    base_port = harness.free_port()
    baseline = harness.Process(
        [
            harness.PYTHON,
            "-m",
            "bench.baseline_app",
            "--port",
            str(base_port),
            "--database-url",
            baseline_url,
            "--workers",
            str(workers),
        ],
        cpus=cpus,
        log=tmp / "baseline.out",
    )
    stack.enter_context(harness.running(baseline, base_port))
    return (
        Subject("reference", port, {"Authorization": f"Bearer {token}"}, reference),
        Subject("baseline", base_port, {}, baseline),
    )


def load(
    subject: Subject, method: str, order_id: str, args: argparse.Namespace, setup: str
) -> tuple[harness.Load, float]:
    """One wrk run (after a short warm-up) of `method` against `subject`, and its CPU ms a request
    (the service's processes only: a figure the machine's noise moves less than throughput)."""
    cpus = [harness.cores()[-1]] if setup == "core" else None
    if method == "GET":
        url, body, headers = subject.url(f"/orders/{order_id}"), None, subject.headers
    else:
        url, body = subject.url("/orders"), ORDER
        headers = {**subject.headers, "Content-Type": "application/json"}
    common = {"connections": args.connections, "cpus": cpus, "headers": headers}
    harness.wrk(url, seconds=args.warmup, method=method, body=body, **common)
    pids = subject.process.pids()
    cpu_before = harness.cpu_seconds(pids)
    result = harness.wrk(url, seconds=args.seconds, method=method, body=body, **common)
    cpu_ms = (harness.cpu_seconds(pids) - cpu_before) * 1000 / max(1, result.requests)
    if result.errors or result.non_2xx:
        harness.fail(
            f"{subject.name} {method}: {result.errors} socket errors, {result.non_2xx} non-2xx "
            "answers under load (see the service's output in the temp folder)"
        )
    return result, cpu_ms


def measure(
    db: str, setup: str, args: argparse.Namespace, tmp: Path, verdicts: list[tuple[str, bool]]
) -> list[list[str]]:
    """The rows of one (database, setup) pair: GET and POST, reference vs baseline."""
    rows = []
    with ExitStack() as stack:
        reference, baseline = start_pair(stack, db, setup, tmp)
        ids = {s.name: s.create_order() for s in (reference, baseline)}
        for method in ("GET", "POST"):
            runs: dict[str, list[tuple[harness.Load, float]]] = {"reference": [], "baseline": []}
            for _ in range(args.rounds):
                for subject in (reference, baseline):
                    runs[subject.name].append(load(subject, method, ids[subject.name], args, setup))
            ref, base = runs["reference"], runs["baseline"]
            ratios = [r.rps / b.rps for (r, _), (b, _) in zip(ref, base, strict=True)]
            cpu_ratios = [b_cpu / r_cpu for (_, r_cpu), (_, b_cpu) in zip(ref, base, strict=True)]
            rows.append(
                [
                    f"{method} {'/orders/{id}' if method == 'GET' else '/orders'}",
                    f"{db}, {setup}",
                    harness.median_spread([r.rps for r, _ in ref], 0),
                    harness.median_spread([r.p99_ms for r, _ in ref], 1),
                    harness.median_spread([cpu for _, cpu in ref], 2),
                    harness.median_spread([b.rps for b, _ in base], 0),
                    harness.median_spread([cpu for _, cpu in base], 3),
                    harness.median_spread(ratios, 3),
                    harness.median_spread(cpu_ratios, 3),
                ]
            )
            if db == "sqlite" and setup == "core":
                where = "SQLite, per core"
                ratio = statistics.median(ratios)
                verdicts.append(
                    harness.verdict(f"{method} ratio ({where})", ratio, TARGETS[method])
                )
                if method == "GET":
                    p99 = statistics.median([r.p99_ms for r, _ in ref])
                    verdicts.append(
                        harness.verdict(f"GET p99 ms ({where})", p99, GET_P99_MS, at_least=False)
                    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--setup", default="core,box", help="core,box")
    parser.add_argument("--quick", action="store_true", help="1 round of 3 s, SQLite per core")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds, args.warmup, args.db, args.setup = 1, 3.0, 1.0, "sqlite", "core"
    dbs, setups = args.db.split(","), args.setup.split(",")
    if set(dbs) - {"sqlite", "postgres"} or set(setups) - {"core", "box"} or args.rounds < 1:
        harness.fail("--db takes sqlite,postgres; --setup takes core,box; --rounds at least 1")
    if "core" in setups and len(harness.cores()) < 2:
        harness.fail("the per-core setup needs two cores (one for the service, one for wrk)")
    harness.require_tool("wrk", "apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    harness.console.print(f"machine load before: {harness.load_average()}")
    rows: list[list[str]] = []
    verdicts: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="accord-bench-http-") as tmp:
        for db in dbs:
            for setup in setups:
                harness.console.print(f"measuring {db}, {setup} ...")
                rows += measure(db, setup, args, Path(tmp), verdicts)
    columns = ["request", "setup", "reference req/s", "reference p99 ms", "reference CPU ms/req"]
    columns += ["baseline req/s", "baseline CPU ms/req", "ratio req/s", "ratio CPU"]
    title = (
        f"Orders vs bare Starlette: median (min..max) of {args.rounds} rounds of "
        f"{args.seconds:g} s, {args.connections} connections"
    )
    harness.console.print(harness.ratio_table(title, columns, rows))
    for line, _ in verdicts:
        harness.console.print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
