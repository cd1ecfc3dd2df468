"""Benchmark: events/s of the outbox relay (confirmed publishes to RabbitMQ) and Orders' consumer.

What it measures, on PostgreSQL and on SQLite (each database migrated by Orders' own Alembic
migrations, so the `outbox` and `inbox` tables are the services' own), with RabbitMQ as the broker:

* relay: K `order.created` CloudEvents recorded in the outbox (`record_event`, untimed), then the
  reference's `OutboxRelay` (batches of 100, `Broker.publish_batch`: one confirm wait a batch)
  drains them; events/s = K / the time until the outbox has no unpublished row. The exchange
  routes them to a durable queue, as in production (purged after each round).
* consumer: K pending orders (inserted untimed) and K valid `payment.successful` events waiting in
  the queue, then the reference's `PaymentEventConsumer` (validation against the AsyncAPI schema,
  inbox dedupe, order marked paid, `order.updated` recorded in the outbox, commit, ack; prefetch 1)
  is started; events/s = K / the time until it has processed all K.

Baselines, side by side in the same rounds (subject and baseline alternate): a bare Kombu
`Producer` publishing the same K serialized events, persistent, with `confirm_publish`, to the same
exchange and queue (one confirm per publish: what Kombu's `confirm_publish` does, and the relay did
before); and a bare Kombu consumer acking K messages from a queue with prefetch 1. Ratio = subject
events/s / baseline events/s. A third relay row is the relay's ceiling: bare py-amqp publishing the
same events and awaiting the confirms once per batch of 100, as the relay now does.

Target (issue 12): the relay drains ≥ 5,000 events/s with confirms (on PostgreSQL and on SQLite).
The bench reports; a missed target still exits 0. RabbitMQ or PostgreSQL not answering exits 2.

    .venv/bin/python -m bench.bench_relay [--events 5000] [--rounds 3]
        [--databases postgresql,sqlite] [--quick]

`--quick` (500 events, 1 round) takes ~15 s; the defaults ~5 min on a busy 2-core machine (the
consumer runs at a few hundred events/s).

URLs: $ACCORD_BENCH_RABBITMQ_URL and $ACCORD_BENCH_POSTGRES_URL, as in bench/bench_flow.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from kombu import Connection, Consumer, Exchange, Producer, Queue, binding

from bench import harness
from bench.bench_flow import delete_amqp, postgres_databases, require_postgres, require_rabbitmq

warnings.filterwarnings("ignore", message=".*starlette.testclient")

TARGET_EVENTS_PER_S = 5000.0
DATABASES = ("postgresql", "sqlite")
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@dataclass
class Rig:
    """One database (Orders' schema) and a private exchange and queues on RabbitMQ."""

    name: str
    engine: sa.Engine
    broker_url: str
    exchange: str
    data_dir: Path
    relay_queue: str
    consumer_queue: str
    baseline_queue: str

    def connection(self, confirm: bool = True) -> Connection:
        options = {"confirm_publish": True} if confirm else {}
        return Connection(self.broker_url, transport_options=options, connect_timeout=3)

    def topic(self) -> Exchange:
        return Exchange(self.exchange, type="topic", durable=True)

    def declare(self, name: str, routing_key: str) -> Queue:
        queue = Queue(
            name,
            exchange=self.topic(),
            bindings=[binding(self.topic(), routing_key=routing_key)],
            durable=True,
        )
        with self.connection() as conn:
            queue.bind(conn.default_channel).declare()
        return queue

    def purge(self, *names: str) -> None:
        with self.connection() as conn:
            for name in names:
                conn.default_channel.queue_purge(name)

    def clear_tables(self) -> None:
        from reference.orders.adapters import orm

        with self.engine.begin() as conn:
            for table in (orm.outbox, orm.inbox, orm.orders):
                conn.execute(table.delete())


def order_events(k: int) -> list[dict]:
    """K `order.created` envelopes as Orders builds them."""
    from reference.orders.service_layer.messages import SOURCE
    from reference.shared.events import new_event

    events = []
    for _ in range(k):
        order_id = str(uuid.uuid4())
        data = {
            "id": order_id,
            "customerId": "cust-bench",
            "items": ["sku-1"],
            "status": "pending",
            "paymentMethod": "card",
        }
        events.append(new_event("order.created", SOURCE, order_id, data, TRACEPARENT))
    return events


def bare_publish(rig: Rig, bodies: Sequence[tuple[str, bytes]]) -> float:
    """Publish (routing key, body) pairs with confirms, one connection; seconds taken."""
    with rig.connection() as conn:
        producer = Producer(conn, exchange=rig.topic())
        producer.publish(b"{}", routing_key="bench.warm", declare=[rig.topic()])  # connect
        started = time.perf_counter()
        for routing_key, body in bodies:
            producer.publish(
                body,
                routing_key=routing_key,
                content_type="application/cloudevents+json",
                content_encoding="utf-8",
                delivery_mode="persistent",
                mandatory=True,
            )
        return time.perf_counter() - started


def batched_confirm_publish(rig: Rig, bodies: Sequence[tuple[str, bytes]], batch: int) -> float:
    """Publish with confirms awaited once per `batch` (py-amqp's confirm events); seconds taken."""
    import amqp

    acked, nacked = [0], [0]
    with rig.connection(confirm=False) as conn:
        channel = conn.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(lambda tag, multiple: acked.__setitem__(0, tag))
        channel.events["basic_nack"].add(lambda tag, multiple: nacked.__setitem__(0, tag))
        started = time.perf_counter()
        sent = 0
        for start in range(0, len(bodies), batch):
            for routing_key, body in bodies[start : start + batch]:
                message = amqp.Message(
                    body,
                    content_type="application/cloudevents+json",
                    content_encoding="utf-8",
                    delivery_mode=2,
                )
                channel.basic_publish(message, rig.exchange, routing_key, mandatory=True)
                sent += 1
            while acked[0] < sent and not nacked[0]:
                conn.drain_events(timeout=10)
        seconds = time.perf_counter() - started
    if nacked[0]:
        harness.fail(f"RabbitMQ refused (nack) message {nacked[0]}")
    return seconds


# -- relay ---------------------------------------------------------------------------------------


def relay_round(rig: Rig, k: int) -> float:
    """Fill the outbox with K events, time the reference relay draining it; events/s."""
    from reference.shared.events import OUTBOX, Broker, OutboxRelay, record_event

    rig.clear_tables()
    with rig.engine.begin() as conn:
        for event in order_events(k):
            record_event(conn, event)
    broker = Broker(rig.broker_url, rig.exchange, rig.data_dir)
    relay = OutboxRelay(rig.engine, broker)  # the services' defaults (batch 100)
    try:
        broker.publish_body(b"{}", routing_key="order.created")  # connected, as a running relay
        started = time.perf_counter()
        while relay.drain_once() == 100:
            pass
        seconds = time.perf_counter() - started
    finally:
        broker.close()
    with rig.engine.connect() as conn:
        left = conn.execute(
            sa.select(sa.func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
        ).scalar_one()
    if left:
        harness.fail(f"the relay left {left} of {k} events unpublished on {rig.name}")
    rig.purge(rig.relay_queue)
    return k / seconds


def relay_baseline_round(rig: Rig, k: int) -> float:
    """The same K serialized events published by a bare confirmed Kombu producer; events/s."""
    bodies = [("order.created", json.dumps(e).encode()) for e in order_events(k)]
    seconds = bare_publish(rig, bodies)
    rig.purge(rig.relay_queue)
    return k / seconds


def relay_batched_round(rig: Rig, k: int) -> float:
    """The same K events, confirms awaited per batch of 100 (the relay's batch); events/s."""
    bodies = [("order.created", json.dumps(e).encode()) for e in order_events(k)]
    seconds = batched_confirm_publish(rig, bodies, 100)
    rig.purge(rig.relay_queue)
    return k / seconds


# -- consumer ------------------------------------------------------------------------------------


def _pending_orders(rig: Rig, k: int) -> list[str]:
    from reference.orders.adapters import orm

    now = datetime.now(UTC)
    ids = [str(uuid.uuid4()) for _ in range(k)]
    rows = [
        {
            "id": i,
            "customer_id": "cust-bench",
            "items": ["sku-1"],
            "payment_method": "card",
            "status": "pending",
            "payment_id": None,
            "payment_status": "pending",
            "payment_failure": None,
            "created_at": now,
            "updated_at": now,
        }
        for i in ids
    ]
    with rig.engine.begin() as conn:
        conn.execute(orm.orders.insert(), rows)
    return ids


def payment_bodies(order_ids: Sequence[str]) -> list[tuple[str, bytes]]:
    """A valid `payment.successful` (as Payments builds it) per order."""
    from reference.shared.events import new_event

    bodies = []
    for order_id in order_ids:
        payment_id = str(uuid.uuid4())
        data = {"id": payment_id, "orderId": order_id, "method": "card", "status": "successful"}
        event = new_event(
            "payment.successful", "urn:accord:payments", payment_id, data, TRACEPARENT
        )
        bodies.append(("payment.successful", json.dumps(event).encode()))
    return bodies


def consumer_round(rig: Rig, k: int) -> float:
    """K pending orders and K payment.successful queued; time Orders' consumer on them; events/s."""
    from reference.orders.bootstrap import spec_path
    from reference.orders.entrypoints.consumer import PaymentEventConsumer
    from reference.orders.service_layer.messages import event_publisher
    from reference.shared.events import Broker, Outcome, payload_schemas, subscribed_channels

    rig.clear_tables()
    bodies = payment_bodies(_pending_orders(rig, k))
    bare_publish(rig, bodies)
    done, outcomes = threading.Event(), {o: 0 for o in Outcome}

    class Counted(PaymentEventConsumer):
        def process(self, body):
            result = super().process(body)
            outcomes[result.outcome] += 1
            if sum(outcomes.values()) >= k:
                done.set()
            return result

    broker = Broker(rig.broker_url, rig.exchange, rig.data_dir)
    asyncapi = spec_path("asyncapi.yaml")
    consumer = Counted(
        broker,
        rig.engine,
        rig.consumer_queue,
        event_publisher(lambda: None),  # no relay: order.updated rows stay in the outbox
        subscribed_channels(asyncapi),
        payload_schemas(asyncapi),
    )
    try:
        started = time.perf_counter()
        consumer.start()
        if not done.wait(max(60.0, k / 20)):
            harness.fail(f"the consumer processed {sum(outcomes.values())} of {k} on {rig.name}")
        seconds = time.perf_counter() - started
    finally:
        consumer.stop()
        broker.close()
    if outcomes[Outcome.PROCESSED] != k:
        harness.fail(f"consumer outcomes on {rig.name}: {dict(outcomes)} (all {k} must process)")
    return k / seconds


def consumer_baseline_round(rig: Rig, k: int) -> float:
    """The same K messages acked by a bare Kombu consumer (prefetch 1); events/s."""
    queue = Queue(rig.baseline_queue, exchange=rig.topic(), routing_key="bench.baseline")
    bodies = [("bench.baseline", body) for _, body in payment_bodies([str(uuid.uuid4())] * k)]
    bare_publish(rig, bodies)
    acked = 0

    def on_message(message) -> None:
        nonlocal acked
        message.ack()
        acked += 1

    with rig.connection(confirm=False) as conn:
        conn.ensure_connection(max_retries=1)
        started = time.perf_counter()
        with Consumer(conn, [queue], on_message=on_message, prefetch_count=1):
            deadline = time.monotonic() + max(60.0, k / 20)
            while acked < k and time.monotonic() < deadline:
                with suppress(TimeoutError):
                    conn.drain_events(timeout=1.0)
        seconds = time.perf_counter() - started
    if acked < k:
        harness.fail(f"the bare consumer acked {acked} of {k}")
    return k / seconds


# -- setup ---------------------------------------------------------------------------------------


@contextmanager
def rig_for(name: str, tmp: Path) -> Iterator[Rig]:
    """A migrated Orders database (fresh PostgreSQL database or SQLite file) and private queues."""
    from reference.orders.adapters.db import migrate
    from reference.shared.persistence import create_engine

    tag = uuid.uuid4().hex[:10]
    with ExitStack() as stack:
        if name == "postgresql":
            url = stack.enter_context(postgres_databases())("relay")
        else:
            url = f"sqlite:///{tmp / f'relay-{tag}.sqlite3'}"
        engine = create_engine(url)
        stack.callback(engine.dispose)
        migrate(engine)
        rig = Rig(
            name, engine, require_rabbitmq(), f"accord.bench.{tag}", tmp,
            f"bench.relay.{tag}", f"bench.consumer.{tag}", f"bench.baseline.{tag}",
        )  # fmt: skip
        stack.callback(
            delete_amqp,
            rig.broker_url,
            exchanges=[rig.exchange, f"{rig.exchange}.dlx"],
            queues=[
                rig.relay_queue,
                rig.consumer_queue,
                f"{rig.consumer_queue}.dlq",
                rig.baseline_queue,
            ],
        )
        rig.declare(rig.relay_queue, "order.created")
        rig.declare(rig.baseline_queue, "bench.baseline")
        from reference.shared.events import Broker

        Broker(rig.broker_url, rig.exchange, tmp).declare_queue(
            rig.consumer_queue, ["payment.successful", "payment.failed"]
        )
        yield rig


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000, help="K events per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--databases", default=",".join(DATABASES), help="comma-separated subset")
    parser.add_argument("--quick", action="store_true", help="500 events, 1 round")
    args = parser.parse_args(argv)
    if args.quick:
        args.events, args.rounds = 500, 1
    names = [n.strip() for n in args.databases.split(",") if n.strip()]
    if set(names) - set(DATABASES):
        parser.error(f"unknown databases {sorted(set(names) - set(DATABASES))}; use {DATABASES}")
    require_rabbitmq()
    if "postgresql" in names:
        require_postgres()
    load_before = harness.load_average()
    k = args.events
    rows: list[list[str]] = []
    relay_medians: dict[str, float] = {}
    tmp = Path(tempfile.mkdtemp(prefix="accord-bench-relay-"))
    try:
        for name in names:
            harness.console.print(f"[dim]{name}: {args.rounds} round(s) of {k} events…")
            with rig_for(name, tmp) as rig:
                got = harness.alternate(
                    args.rounds,
                    {
                        "relay": lambda rig=rig: relay_round(rig, k),
                        "relay baseline": lambda rig=rig: relay_baseline_round(rig, k),
                        "batched": lambda rig=rig: relay_batched_round(rig, k),
                        "consumer": lambda rig=rig: consumer_round(rig, k),
                        "consumer baseline": lambda rig=rig: consumer_baseline_round(rig, k),
                    },
                )
            relay_medians[name] = statistics.median(got["relay"])
            for subject, baseline, label in (
                ("relay", "relay baseline", "bare confirmed Producer"),
                ("relay", "batched", "bare py-amqp, confirms per 100"),
                ("consumer", "consumer baseline", "bare Consumer, ack only"),
            ):
                ratios = [s / b for s, b in zip(got[subject], got[baseline], strict=True)]
                rows.append(
                    [
                        f"{name}: {subject} vs {label}",
                        harness.median_spread(got[subject], 0),
                        harness.median_spread(got[baseline], 0),
                        harness.median_spread(ratios, 3),
                    ]
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = harness.ratio_table(
        f"Outbox relay and Orders' consumer on RabbitMQ (confirms), {k} events, "
        f"{args.rounds} round(s), median (min..max)",
        ["subject vs baseline", "subject events/s", "baseline events/s", "ratio"],
        rows,
    )
    table.caption = f"load average before {load_before}, after {harness.load_average()}"
    harness.console.print(table)
    for name, value in relay_medians.items():
        line, _ = harness.verdict(f"relay events/s on {name}", value, TARGET_EVENTS_PER_S)
        harness.console.print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
