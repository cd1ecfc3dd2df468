"""Benchmark: the seed flow end to end, `POST /orders` until `order.updated` (paid) is published.

What it measures: N sequential card orders (`{"customerId": ..., "items": [...],
"paymentMethod": "card"}`, always accepted by Payments). Each latency runs from just before
`POST /orders` until a bench consumer bound to the event exchange receives `order.updated` with
`data.status == "paid"` and `data.id` the new order's id: Orders commits and asks Payments, Payments
commits and its relay publishes `payment.successful`, Orders' consumer marks the order paid and its
relay publishes `order.updated`. p50 and p99 over the N orders (after a warm-up), in two setups:

* RabbitMQ + PostgreSQL: a fresh database per service (`accord_bench_<service>_<random>`, dropped
  afterwards) and a private exchange and queues on RabbitMQ (deleted afterwards);
* embedded defaults: SQLite files and the `filesystem://` broker under a temporary data dir.

Both services run as `accord serve` runs them (one uvicorn process each, Orders pinned to the first
core, Payments to the last), sharing one data dir so the development issuer's keys match.

Baseline, side by side on the same broker: the broker's own round trip, a bare Kombu publish of a
small persistent message to the same exchange (confirmed on RabbitMQ) and its receipt by a bare
consumer. The rounds alternate a slice of flow orders with a slice of baseline messages; the table
shows the pooled p50/p99 of each, the spread of the per-round figures (min..max), and the ratio.

Targets (issue 12), on RabbitMQ + PostgreSQL: p50 ≤ 20 ms and p99 ≤ 100 ms. The bench reports; a
missed target still exits 0. RabbitMQ or PostgreSQL not answering exits 2 saying which.

    .venv/bin/python -m bench.bench_flow [--orders 200] [--warmup 20] [--rounds 4]
        [--setups rabbitmq-postgres,embedded] [--quick]

`--quick` (30 orders, 1 round) takes ~15 s; the defaults ~40 s on a 2-core machine.

Broker and database: $ACCORD_BENCH_RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672//) and
$ACCORD_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres, an
account that may create databases).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import socket
import statistics
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from kombu import Connection, Consumer, Exchange, Producer, Queue, binding

from bench import harness

# connexion, imported with the development issuer, warns about starlette's test client
warnings.filterwarnings("ignore", message=".*starlette.testclient")

RABBITMQ_URL = os.environ.get("ACCORD_BENCH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
POSTGRES_URL = os.environ.get(
    "ACCORD_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
TARGET_P50_MS = 20.0
TARGET_P99_MS = 100.0
SETUPS = ("rabbitmq-postgres", "embedded")
ORDER_TIMEOUT = 15.0  # seconds an order may take before it counts as lost


# -- helpers harness.py lacks (candidates to move there) -----------------------------------------


def require_service(name: str, url: str, default_port: int) -> None:
    """Exit 2 with a one-line reason when nothing answers at the URL's host and port."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or default_port
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        harness.fail(f"{name} is not reachable at {host}:{port} ({exc.strerror or exc})")


def _where(url: str, default_port: int) -> str:
    parts = urlsplit(url)  # host and port only: never print the password
    return f"{parts.hostname}:{parts.port or default_port}"


def require_rabbitmq() -> str:
    """The RabbitMQ URL, after checking it accepts an AMQP login (exit 2 otherwise)."""
    require_service("RabbitMQ", RABBITMQ_URL, 5672)
    try:
        with Connection(RABBITMQ_URL, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        harness.fail(f"RabbitMQ at {_where(RABBITMQ_URL, 5672)} refused us: {str(exc)[:100]}")
    return RABBITMQ_URL


def require_postgres() -> str:
    """The PostgreSQL admin URL, after checking it answers a query (exit 2 otherwise)."""
    require_service("PostgreSQL", POSTGRES_URL, 5432)
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        harness.fail(f"PostgreSQL at {_where(POSTGRES_URL, 5432)} refused us: {str(exc)[:100]}")
    finally:
        engine.dispose()
    return POSTGRES_URL


@contextmanager
def postgres_databases(prefix: str = "accord_bench") -> Iterator[Callable[[str], str]]:
    """A factory of fresh PostgreSQL databases (`<prefix>_<label>_<random>`), all dropped after."""
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    names: list[str] = []

    def create(label: str) -> str:
        name = f"{prefix}_{label}_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        names.append(name)
        return sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    try:
        yield create
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def delete_amqp(url: str, exchanges: Sequence[str] = (), queues: Sequence[str] = ()) -> None:
    """Delete queues and exchanges from RabbitMQ (missing ones are fine)."""
    with Connection(url, connect_timeout=3) as conn:
        for kind, names in (("queue", queues), ("exchange", exchanges)):
            for name in names:
                channel = conn.channel()  # a failed delete closes its channel: one each
                with suppress(Exception):  # already gone
                    if kind == "queue":
                        channel.queue_delete(name)
                    else:
                        channel.exchange_delete(name)
                with suppress(Exception):
                    channel.close()


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def pooled_and_spread(pooled: float, per_round: Sequence[float]) -> str:
    """`pooled (min..max of the rounds)`."""
    if not per_round:
        return f"{pooled:.1f}"
    return f"{pooled:.1f} ({min(per_round):.1f}..{max(per_round):.1f})"


# -- the two things measured ---------------------------------------------------------------------


@dataclass
class Setup:
    """One deployment: broker URL, exchange, data dir, the services' URLs and database URLs."""

    name: str
    broker_url: str
    exchange: str
    data_dir: Path
    database_urls: dict[str, str] = field(default_factory=dict)

    @property
    def is_amqp(self) -> bool:
        return self.broker_url.startswith("amqp")

    def connection(self) -> Connection:
        """A Kombu connection to this setup's broker, with the reference's transport options."""
        from reference.shared.events import Broker

        return Broker(self.broker_url, self.exchange, self.data_dir).connection()

    def queue(self, name: str, routing_key: str) -> Queue:
        exchange = Exchange(self.exchange, type="topic", durable=True)
        return Queue(
            name,
            exchange=exchange,
            bindings=[binding(exchange, routing_key=routing_key)],
            durable=not self.is_amqp,
            exclusive=self.is_amqp,
            auto_delete=self.is_amqp,
        )


class Listener:
    """A bare consumer of one queue bound to the exchange; `wait(match)` awaits a matching one."""

    def __init__(self, setup: Setup, routing_key: str) -> None:
        self.conn = setup.connection()
        self.queue = setup.queue(f"bench.{routing_key}.{uuid.uuid4().hex[:8]}", routing_key)
        self.channel = self.conn.channel()
        self.queue.bind(self.channel).declare()
        self._seen: list[tuple[float, bytes]] = []
        self.consumer = Consumer(self.channel, [self.queue], on_message=self._on_message)
        self.consumer.consume()

    def _on_message(self, message) -> None:
        body = message.body if isinstance(message.body, bytes) else message.body.encode()
        self._seen.append((time.perf_counter(), body))
        message.ack()

    def wait(self, match: Callable[[bytes], bool], timeout: float) -> float | None:
        """The perf_counter time a matching message arrived, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for i, (at, body) in enumerate(self._seen):
                if match(body):
                    del self._seen[: i + 1]
                    return at
            self._seen.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            with suppress(TimeoutError):
                self.conn.drain_events(timeout=min(left, 1.0))

    def close(self) -> None:
        try:
            self.consumer.cancel()
            if not self.queue.exclusive:
                self.queue.bind(self.channel).delete()
        finally:
            self.conn.release()


class BrokerRoundTrip:
    """The baseline: a bare Kombu publish (persistent, confirmed on AMQP) and its bare receipt."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.listener = Listener(setup, "bench.ping")
        self.conn = setup.connection()
        self.exchange = Exchange(setup.exchange, type="topic", durable=True)
        self.producer = Producer(self.conn, exchange=self.exchange)

    def once(self) -> float | None:
        token = uuid.uuid4().hex
        body = json.dumps({"specversion": "1.0", "id": token, "type": "bench.ping"}).encode()
        started = time.perf_counter()
        self.producer.publish(
            body,
            routing_key="bench.ping",
            content_type="application/cloudevents+json",
            content_encoding="utf-8",
            delivery_mode="persistent",
        )
        arrived = self.listener.wait(lambda raw: token.encode() in raw, ORDER_TIMEOUT)
        return None if arrived is None else (arrived - started) * 1000

    def close(self) -> None:
        self.listener.close()
        self.conn.release()


class SeedFlow:
    """The subject: POST /orders, then wait for order.updated (paid) of that order on the broker."""

    BODY = {"customerId": "cust-bench", "items": ["sku-1"], "paymentMethod": "card"}

    def __init__(self, setup: Setup, orders_port: int) -> None:
        token = harness.mint_token(setup.data_dir, ["orders.write", "orders.read"], "orders")
        self.http = httpx.Client(
            base_url=f"http://127.0.0.1:{orders_port}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10.0,
        )
        self.listener = Listener(setup, "order.updated")
        self.post_ms: list[float] = []

    def once(self) -> float | None:
        started = time.perf_counter()
        response = self.http.post("/orders", json=self.BODY)
        self.post_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 201:
            harness.fail(f"POST /orders answered {response.status_code}: {response.text[:200]}")
        order_id = response.json()["id"]

        def paid(raw: bytes) -> bool:
            data = json.loads(raw).get("data") or {}
            return data.get("id") == order_id and data.get("status") == "paid"

        arrived = self.listener.wait(paid, ORDER_TIMEOUT)
        return None if arrived is None else (arrived - started) * 1000

    def close(self) -> None:
        self.http.close()
        self.listener.close()


# -- one setup -----------------------------------------------------------------------------------


@dataclass
class SetupResult:
    name: str
    flow: list[list[float]]
    baseline: list[list[float]]
    post: list[float]
    lost: int


@contextmanager
def services(setup: Setup) -> Iterator[int]:
    """Payments and Orders running on `setup`; yields the Orders port."""
    cpus = harness.cores()
    pay_port, orders_port = harness.free_port(), harness.free_port()
    queue = f"orders.bench.{uuid.uuid4().hex[:8]}"
    common = {
        "ACCORD_BROKER_URL": setup.broker_url,
        "ACCORD_EXCHANGE": setup.exchange,
        "ACCORD_PAYMENTS_URL": f"http://127.0.0.1:{pay_port}",
        "ACCORD_ORDERS_QUEUE": queue,
    }
    for service, url in setup.database_urls.items():
        common[f"ACCORD_{service.upper()}_DATABASE_URL"] = url
    payments = harness.Process(
        harness.reference_argv("payments", pay_port),
        harness.reference_env("payments", setup.data_dir, **common),
        cpus=[cpus[-1]],
        log=setup.data_dir / "payments.out",
    )
    orders = harness.Process(
        harness.reference_argv("orders", orders_port),
        harness.reference_env("orders", setup.data_dir, **common),
        cpus=[cpus[0]],
        log=setup.data_dir / "orders.out",
    )
    try:
        with harness.running(payments, pay_port, 60), harness.running(orders, orders_port, 60):
            yield orders_port
    finally:
        if setup.is_amqp:
            delete_amqp(
                setup.broker_url,
                exchanges=[setup.exchange, f"{setup.exchange}.dlx"],
                queues=[queue, f"{queue}.dlq"],
            )


def measure_setup(setup: Setup, orders: int, warmup: int, rounds: int) -> SetupResult:
    """Warm up, then alternate slices of flow orders and baseline round trips."""
    with services(setup) as orders_port, ExitStack() as stack:
        flow = SeedFlow(setup, orders_port)
        stack.callback(flow.close)
        ping = BrokerRoundTrip(setup)
        stack.callback(ping.close)
        for _ in range(warmup):
            flow.once()
            ping.once()
        flow.post_ms.clear()
        result = SetupResult(setup.name, [], [], [], 0)
        per_round = [orders // rounds + (1 if i < orders % rounds else 0) for i in range(rounds)]
        for count in per_round:
            for samples, subject in ((result.flow, flow), (result.baseline, ping)):
                taken = []
                for _ in range(count):
                    ms = subject.once()
                    if ms is None:
                        result.lost += 1
                    else:
                        taken.append(ms)
                samples.append(taken)
        result.post = list(flow.post_ms)
        return result


@contextmanager
def make_setup(name: str, tmp: Path) -> Iterator[Setup]:
    """A fresh setup: its data dir, databases (PostgreSQL) and exchange (RabbitMQ)."""
    data_dir = tmp / name
    data_dir.mkdir()
    exchange = f"accord.bench.{uuid.uuid4().hex[:10]}"
    if name == "embedded":
        yield Setup(name, "filesystem://", exchange, data_dir)
        return
    with postgres_databases() as create:
        urls = {service: create(service) for service in ("orders", "payments")}
        yield Setup(name, RABBITMQ_URL, exchange, data_dir, urls)


def rows_for(result: SetupResult) -> list[list[str]]:
    flow_all = [x for r in result.flow for x in r]
    base_all = [x for r in result.baseline for x in r]
    rows = []
    for q in (50, 99):
        f_rounds = [percentile(r, q) for r in result.flow if r]
        b_rounds = [percentile(r, q) for r in result.baseline if r]
        ratios = [f / b for f, b in zip(f_rounds, b_rounds, strict=False) if b > 0]
        rows.append(
            [
                f"{result.name} p{q}",
                pooled_and_spread(percentile(flow_all, q), f_rounds),
                pooled_and_spread(percentile(base_all, q), b_rounds),
                pooled_and_spread(percentile(flow_all, q) / percentile(base_all, q), ratios),
            ]
        )
    post = statistics.median(result.post) if result.post else math.nan
    rows.append(
        [
            f"{result.name} POST /orders p50 (201 answered)",
            f"{post:.1f}",
            "-",
            f"lost: {result.lost}",
        ]
    )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200, help="measured orders per setup")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured orders first")
    parser.add_argument("--rounds", type=int, default=4, help="alternating slices")
    parser.add_argument("--setups", default=",".join(SETUPS), help="comma-separated subset")
    parser.add_argument("--quick", action="store_true", help="30 orders, 5 warm-up, 1 round")
    args = parser.parse_args(argv)
    if args.quick:
        args.orders, args.warmup, args.rounds = 30, 5, 1
    names = [n.strip() for n in args.setups.split(",") if n.strip()]
    unknown = set(names) - set(SETUPS)
    if unknown:
        parser.error(f"unknown setups {sorted(unknown)}; choose from {SETUPS}")
    if "rabbitmq-postgres" in names:
        require_rabbitmq()
        require_postgres()
    load_before = harness.load_average()
    rows: list[list[str]] = []
    results: dict[str, SetupResult] = {}
    tmp = Path(tempfile.mkdtemp(prefix="accord-bench-flow-"))
    try:
        for name in names:
            harness.console.print(f"[dim]{name}: {args.warmup} warm-up + {args.orders} orders…")
            with make_setup(name, tmp) as setup:
                results[name] = measure_setup(setup, args.orders, args.warmup, args.rounds)
            rows += rows_for(results[name])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = harness.ratio_table(
        f"Seed flow: POST /orders → order.updated (paid) on the broker, {args.orders} sequential"
        f" orders, {args.rounds} round(s); baseline = bare Kombu publish → receipt, same broker",
        ["setup / figure", "flow ms (rounds)", "baseline ms (rounds)", "ratio (rounds)"],
        rows,
    )
    table.caption = f"load average before {load_before}, after {harness.load_average()}"
    harness.console.print(table)
    if "rabbitmq-postgres" in results:
        flow_all = [x for r in results["rabbitmq-postgres"].flow for x in r]
        for q, target in ((50, TARGET_P50_MS), (99, TARGET_P99_MS)):
            line, _ = harness.verdict(
                f"RabbitMQ + PostgreSQL flow p{q} ms", percentile(flow_all, q), target,
                at_least=False,
            )  # fmt: skip
            harness.console.print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
