"""Benchmark: Orders from 1 to 2 workers on PostgreSQL + RabbitMQ, and no duplicate state change.

Subject: Orders served by gunicorn with uvicorn workers (`harness.reference_argv(..., workers=N)`;
1 worker is `python -m reference.serve`, as `accord serve` runs it), loaded with wrk
`POST /orders` (card payments) for `--seconds`, with 1 worker then 2 workers, alternating in
every round. Payments stays at 1 worker in both (it is not what is being scaled; its work is
asynchronous to the measured requests). Each measurement gets fresh PostgreSQL databases
(`accord_bench_<random>`), its own exchange and Orders queue on RabbitMQ, all dropped afterwards;
the two Orders workers consume the same queue (competing consumers), and each runs its own
relay, payment requester and reconciler.

After the load, the bench waits until every order is paid (or `--drain-timeout`), then counts in
the databases: payments per order (Payments' `payments`), `order.created` and `order.updated`
(status paid) events per order in Orders' outbox, payment outcome events per payment in
Payments' outbox, inbox rows per (source, event id); every count above 1 is a duplicate state
change. Orders not paid and outbox rows not published are reported too.

Baseline, side by side and alternating: the bare Starlette app (`bench/baseline_app.py`) on
PostgreSQL with `--workers 1` and `--workers 2`, same wrk load: the 1→2 ratio this machine allows.

Targets (issue 12): throughput 2 workers / 1 worker ≥ 1.6x; 0 duplicate state changes.
Nothing is pinned (2 cores: wrk, PostgreSQL, RabbitMQ and the services share them).

    .venv/bin/python -m bench.bench_scale [--rounds 3] [--seconds 10] [--quick]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, may create databases), RabbitMQ on
127.0.0.1:5672 (guest/guest) and wrk; exits 2 when one is missing.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from bench import harness
from bench.harness import Process, console

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{}"
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"
TARGET_RATIO = 1.6
ORDER = {"customerId": "bench", "items": ["sku-1", "sku-2"], "paymentMethod": "card"}


def require_services() -> None:
    """Exit 2 when PostgreSQL, RabbitMQ or wrk is missing."""
    harness.require_tool("wrk", "apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    import psycopg
    from kombu import Connection

    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except Exception as exc:
        harness.fail(f"PostgreSQL is not reachable at {PG_ADMIN}: {str(exc).strip()[:120]}")
    try:
        with Connection(AMQP_URL, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        harness.fail(f"RabbitMQ is not reachable at {AMQP_URL}: {str(exc).strip()[:120]}")


@contextmanager
def databases(*names: str) -> Iterator[dict[str, str]]:
    """Fresh databases `accord_bench_<random>_<name>`, dropped afterwards; their SQLAlchemy URLs."""
    import psycopg

    tag = secrets.token_hex(4)
    created = {name: f"accord_bench_{tag}_{name}" for name in names}
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        for db in created.values():
            admin.execute(f'CREATE DATABASE "{db}"')
        try:
            yield {name: PG_URL.format(db) for name, db in created.items()}
        finally:
            for db in created.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@contextmanager
def broker_names() -> Iterator[tuple[str, str]]:
    """A unique exchange and Orders queue; they (and their dead-letter twins) are deleted after."""
    from kombu import Connection

    tag = secrets.token_hex(4)
    exchange, queue = f"accord.bench.{tag}", f"orders.bench.{tag}"
    try:
        yield exchange, queue
    finally:
        with Connection(AMQP_URL) as conn:
            for name in (queue, f"{queue}.dlq"):
                with suppress(Exception):  # never declared (the service did not start)
                    conn.channel().queue_delete(name)
            for name in (exchange, f"{exchange}.dlx"):
                with suppress(Exception):
                    conn.channel().exchange_delete(name)


def migrate(urls: dict[str, str]) -> None:
    """Create the schemas before several workers race to run the migrations."""
    import sqlalchemy as sa

    from reference.orders.adapters.db import migrate as migrate_orders
    from reference.payments.adapters.db import migrate as migrate_payments

    for name, run in (("orders", migrate_orders), ("payments", migrate_payments)):
        engine = sa.create_engine(urls[name])
        run(engine)
        engine.dispose()


def load(url: str, args: argparse.Namespace, headers: dict[str, str], seconds: float):
    return harness.wrk(
        url,
        seconds=seconds,
        connections=args.connections,
        method="POST",
        body=json.dumps(ORDER),
        headers={"Content-Type": "application/json", **headers},
    )


def reference_run(workers: int, args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    """Orders at `workers` workers under load, then the drain and the duplicate counts."""
    import psycopg

    with (
        databases("orders", "payments") as urls,
        broker_names() as (exchange, queue),
        tempfile.TemporaryDirectory(dir=tmp) as run_dir,
    ):
        data = Path(run_dir)
        (data / "logs").mkdir()
        token = harness.mint_token(data, ["orders.read", "orders.write"], "orders")
        migrate(urls)
        ports = {"orders": harness.free_port(), "payments": harness.free_port()}
        common = {
            "ACCORD_ORDERS_DATABASE_URL": urls["orders"],
            "ACCORD_PAYMENTS_DATABASE_URL": urls["payments"],
            "ACCORD_BROKER_URL": AMQP_URL,
            "ACCORD_EXCHANGE": exchange,
            "ACCORD_ORDERS_QUEUE": queue,
            "ACCORD_PAYMENTS_URL": f"http://127.0.0.1:{ports['payments']}",
        }
        payments = Process(
            harness.reference_argv("payments", ports["payments"]),
            env=harness.reference_env("payments", data, **common),
            log=data / "logs" / "payments.out",
        )
        orders = Process(
            harness.reference_argv("orders", ports["orders"], workers=workers),
            env=harness.reference_env("orders", data, **common),
            log=data / "logs" / "orders.out",
        )
        url = f"http://127.0.0.1:{ports['orders']}/orders"
        headers = {"Authorization": f"Bearer {token}"}
        with harness.running(payments, ports["payments"]), harness.running(orders, ports["orders"]):
            wait_ready(url, headers)
            load(url, args, headers, args.warmup)  # every worker imported, pools filled
            result = load(url, args, headers, args.seconds)
            if result.errors or result.non_2xx:
                console.print(
                    f"[yellow]{workers}w: {result.errors} errors, {result.non_2xx} non-2xx"
                )
            started = time.monotonic()
            orders_db = urls["orders"].replace("+psycopg", "")
            with psycopg.connect(orders_db) as conn:
                while time.monotonic() - started < args.drain_timeout:
                    pending = conn.execute("SELECT count(*) FROM orders WHERE status <> 'paid'")
                    conn.commit()
                    if pending.fetchone()[0] == 0:  # type: ignore[index]
                        break
                    time.sleep(0.5)
            drained = time.monotonic() - started
            time.sleep(1.0)  # the last outbox rows get published
        counts = duplicates(urls)
    return {"rps": result.rps, "p99": result.p99_ms, "drain": drained, **counts}


def wait_ready(url: str, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, params={"limit": 1}, headers=headers).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    harness.fail(f"{url} never answered 200")


def duplicates(urls: dict[str, str]) -> dict[str, float]:
    """Orders, unpaid orders and every kind of duplicate, counted in both databases."""
    import psycopg

    def rows(url: str, sql: str) -> list[tuple]:
        with psycopg.connect(url.replace("+psycopg", "")) as conn:
            return conn.execute(sql).fetchall()

    orders_url, payments_url = urls["orders"], urls["payments"]
    total = rows(orders_url, "SELECT count(*) FROM orders")[0][0]
    unpaid = rows(orders_url, "SELECT count(*) FROM orders WHERE status <> 'paid'")[0][0]
    events = rows(orders_url, "SELECT event_type, payload FROM outbox")
    created, paid = Counter(), Counter()
    for event_type, payload in events:
        data = json.loads(payload)["data"]
        if event_type == "order.created":
            created[data["id"]] += 1
        elif event_type == "order.updated" and data["status"] == "paid":
            paid[data["id"]] += 1
    outcomes, outcomes_per_order = Counter(), Counter()
    for event_type, payload in rows(payments_url, "SELECT event_type, payload FROM outbox"):
        if event_type in ("payment.successful", "payment.failed"):
            data = json.loads(payload)["data"]
            outcomes[data["id"]] += 1
            outcomes_per_order[data["orderId"]] += 1
    groups = "SELECT count(*) FROM (SELECT 1 FROM {} GROUP BY {} HAVING count(*) > 1) d"
    per_order, inbox = (
        groups.format("payments", "order_id"),
        groups.format("inbox", "source, event_id"),
    )
    unpublished = "SELECT count(*) FROM outbox WHERE published_at IS NULL"

    def extra(counter: Counter) -> int:
        return sum(n - 1 for n in counter.values() if n > 1)

    dup = {
        "payments per order": rows(payments_url, per_order)[0][0],
        "order.created per order": extra(created),
        "order.updated(paid) per order": extra(paid),
        "payment outcome per payment": extra(outcomes),
        "payment outcome per order": extra(outcomes_per_order),
        "inbox per event": rows(orders_url, inbox)[0][0],
    }
    paid_rows = rows(orders_url, "SELECT id FROM orders WHERE status = 'paid'")
    missing = sum(1 for (oid,) in paid_rows if paid[oid] == 0)
    return {
        "orders": total,
        "unpaid": unpaid,
        "paid without order.updated": missing,
        "unpublished": rows(orders_url, unpublished)[0][0] + rows(payments_url, unpublished)[0][0],
        "duplicates": sum(dup.values()),
        **{f"dup {k}": v for k, v in dup.items()},
    }


def baseline_run(workers: int, args: argparse.Namespace, database_url: str) -> dict[str, float]:
    port = harness.free_port()
    argv = [harness.PYTHON, "-m", "bench.baseline_app", "--port", str(port)]
    argv += ["--database-url", database_url, "--workers", str(workers)]
    url = f"http://127.0.0.1:{port}/orders"
    with harness.running(Process(argv), port):
        load(url, args, {}, args.warmup)
        result = load(url, args, {}, args.seconds)
    return {"rps": result.rps, "p99": result.p99_ms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0, help="wrk seconds per measurement")
    parser.add_argument("--warmup", type=float, default=2.0, help="wrk seconds before each")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--drain-timeout", type=float, default=120.0)
    parser.add_argument("--quick", action="store_true", help="1 round, 3 s loads")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    if args.quick:
        args.rounds, args.seconds, args.warmup, args.drain_timeout = 1, 3.0, 1.0, 40.0
    require_services()
    load_before = harness.load_average()
    runs: dict[str, list[dict[str, float]]] = {"ref 1": [], "ref 2": [], "base 1": [], "base 2": []}
    with tempfile.TemporaryDirectory(prefix="accord-bench-scale-") as tmp, databases("base") as db:
        for i in range(args.rounds):
            console.print(f"round {i + 1}/{args.rounds} (load {harness.load_average()})")
            order = [1, 2] if i % 2 == 0 else [2, 1]
            for workers in order:
                runs[f"ref {workers}"].append(reference_run(workers, args, Path(tmp)))
                runs[f"base {workers}"].append(baseline_run(workers, args, db["base"]))

    def col(key: str, field: str) -> list[float]:
        return [r[field] for r in runs[key]]

    ref_ratio = [b / a for a, b in zip(col("ref 1", "rps"), col("ref 2", "rps"), strict=True)]
    base_ratio = [b / a for a, b in zip(col("base 1", "rps"), col("base 2", "rps"), strict=True)]
    ms = harness.median_spread
    rows = [
        ["POST /orders req/s, 1 worker", ms(col("ref 1", "rps"), 0), ms(col("base 1", "rps"), 0)],
        ["POST /orders req/s, 2 workers", ms(col("ref 2", "rps"), 0), ms(col("base 2", "rps"), 0)],
        ["ratio 2w/1w (paired by round)", ms(ref_ratio) + " x", ms(base_ratio) + " x"],
        ["p99 ms, 1 worker", ms(col("ref 1", "p99"), 1), ms(col("base 1", "p99"), 1)],
        ["p99 ms, 2 workers", ms(col("ref 2", "p99"), 1), ms(col("base 2", "p99"), 1)],
    ]
    for workers in (1, 2):
        key = f"ref {workers}"
        rows.append([f"orders created, {workers}w", ms(col(key, "orders"), 0), "-"])
        rows.append([f"drain s (until all paid), {workers}w", ms(col(key, "drain"), 1), "-"])
        rows.append([f"orders not paid, {workers}w", ms(col(key, "unpaid"), 0), "-"])
        missing = ms(col(key, "paid without order.updated"), 0)
        rows.append([f"paid without order.updated, {workers}w", missing, "-"])
        rows.append([f"outbox rows unpublished, {workers}w", ms(col(key, "unpublished"), 0), "-"])
        for name in [k for k in runs[key][0] if k.startswith("dup ")]:
            found = str(int(sum(col(key, name))))
            rows.append([f"duplicate {name[4:]}, {workers}w (sum)", found, "-"])
    title = (
        f"Orders 1→2 workers (gunicorn+uvicorn, PostgreSQL, RabbitMQ; Payments 1 worker) vs bare "
        f"Starlette, wrk POST /orders {args.seconds:g} s, {args.connections} conns, median "
        f"(min..max) of {args.rounds} round(s); load before {load_before}"
    )
    console.print(harness.ratio_table(title, ["subject", "reference", "baseline"], rows))
    duplicates_found = int(sum(sum(col(k, "duplicates")) for k in ("ref 1", "ref 2")))
    unpaid = int(sum(sum(col(k, "unpaid")) for k in ("ref 1", "ref 2")))
    for line, _ in (
        harness.verdict("reference throughput 2w/1w", statistics.median(ref_ratio), TARGET_RATIO),
        harness.verdict("duplicate state changes", duplicates_found, 0, at_least=False),
        harness.verdict("orders not paid after the drain", unpaid, 0, at_least=False),
    ):
        console.print(line)
    console.print(f"baseline 2w/1w (this machine's ceiling): {statistics.median(base_ratio):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
