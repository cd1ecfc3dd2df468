"""Events over a real broker (Kombu files, RabbitMQ): outbox -> exchange -> queue -> inbox.

Nothing is lost and nothing is applied twice: duplicates are dropped by (source, id), a poison
message is dead-lettered while the consumer keeps going, and a failing handler is retried, then
dead-lettered. One test publishes from another process over the filesystem transport."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from reference.shared.events import (
    INBOX,
    REASON_HEADER,
    Broker,
    EventConsumer,
    OutboxRelay,
    new_event,
    record_event,
)
from tests.reference.events.events_helpers import TRACEPARENT, wait_for

ROOT = Path(__file__).resolve().parents[3]


def _event(subject: str = "o-1") -> dict:
    return new_event("payment.successful", "/payments", subject, {"orderId": subject}, TRACEPARENT)


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _dead_letters(broker: Broker, queue_name: str, expected: int) -> list:
    found = []
    with broker.connection() as conn:
        dlq = broker.dead_letter_queue(queue_name).bind(conn.default_channel)

        def take():
            message = dlq.get(no_ack=True)
            if message is not None:
                found.append(message)
            return len(found) >= expected

        wait_for(take)
    return found


@pytest.fixture
def consumers(broker, engine):
    """Start consumers and stop them whatever happens."""
    started: list[EventConsumer] = []

    def start(queue_name: str, handle, **options) -> EventConsumer:
        consumer = EventConsumer(broker, engine, queue_name, ["payment.*"], handle, **options)
        consumer.start()
        started.append(consumer)
        return consumer

    yield start
    for consumer in started:
        consumer.stop()


def _recorder(things):
    calls: list[str] = []

    def handle(conn, envelope):
        calls.append(envelope["id"])
        conn.execute(things.insert().values(id=envelope["subject"]))

    return calls, handle


def test_an_event_goes_from_the_outbox_to_the_consumer(
    broker, engine, things, queue_name, consumers
):
    calls, handle = _recorder(things)
    consumers(queue_name, handle)
    relay = OutboxRelay(engine, broker, poll_interval=60)
    relay.start()
    try:
        with engine.begin() as conn:
            record_event(conn, _event())
        relay.notify()
        # The committed rows, not the handler's call: its transaction may still be open.
        wait_for(lambda: _count(engine, INBOX) == 1)
    finally:
        relay.stop()
    assert _count(engine, things) == 1 and len(calls) == 1


def test_a_duplicate_delivery_changes_nothing(broker, engine, things, queue_name, consumers):
    calls, handle = _recorder(things)
    consumers(queue_name, handle)
    event, marker = _event("o-1"), _event("o-2")
    broker.publish(event)
    broker.publish(event)
    broker.publish(marker)  # once this one is in, the copy before it has been seen
    wait_for(lambda: _count(engine, INBOX) == 2)
    assert calls.count(event["id"]) == 1 and _count(engine, things) == 2


def test_a_poison_message_is_dead_lettered_and_the_consumer_keeps_going(
    broker, engine, things, queue_name, consumers, caplog
):
    calls, handle = _recorder(things)
    consumers(queue_name, handle)
    broker.publish_body(b"{not json", routing_key="payment.successful")
    no_id = {k: v for k, v in _event("o-0").items() if k != "id"}
    broker.publish_body(json.dumps(no_id).encode(), routing_key="payment.failed")
    broker.publish(_event("o-1"))
    wait_for(lambda: calls)
    dead = _dead_letters(broker, queue_name, expected=2)
    reasons = sorted(str(message.headers[REASON_HEADER]) for message in dead)
    assert "body is not JSON" in reasons[0] and "'id' is a required property" in reasons[1]
    assert any(r.levelname == "ERROR" and "dead-lettered" in r.message for r in caplog.records)


def test_a_failing_handler_is_retried_without_losing_the_message(
    broker, engine, things, queue_name, consumers
):
    attempts: list[str] = []

    def flaky(conn, envelope):
        attempts.append(envelope["id"])
        conn.execute(things.insert().values(id=envelope["subject"]))
        if len(attempts) < 3:
            raise RuntimeError("database hiccup")

    consumers(queue_name, flaky, retry_backoff=0.01)
    broker.publish(_event())
    wait_for(lambda: _count(engine, INBOX) == 1)
    assert len(attempts) == 3 and _count(engine, things) == 1


def test_a_handler_that_always_fails_ends_in_the_dead_letter_queue(
    broker, engine, queue_name, consumers
):
    def broken(conn, envelope):
        raise RuntimeError("bug")

    consumers(queue_name, broken, max_attempts=2, retry_backoff=0.01)
    broker.publish(_event())
    [dead] = _dead_letters(broker, queue_name, expected=1)
    assert "handler failed 2 times" in str(dead.headers[REASON_HEADER])
    assert _count(engine, INBOX) == 0


PUBLISHER = """
import sys
from reference.shared.events import Broker, new_event
broker = Broker("filesystem://", sys.argv[1], sys.argv[2])
for n in range(3):
    broker.publish(new_event("payment.successful", "/payments", f"o-{n}", {"n": n}, None))
"""


@pytest.mark.slow
def test_filesystem_events_cross_processes(tmp_path, engine, things):
    broker = Broker("filesystem://", "accord.events", tmp_path / "data")
    calls, handle = _recorder(things)
    consumer = EventConsumer(broker, engine, "orders.payments", ["payment.*"], handle)
    consumer.start()
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-c", PUBLISHER, "accord.events", str(tmp_path / "data")]
        subprocess.run(command, check=True, env=env, timeout=30)
        wait_for(lambda: _count(engine, INBOX) == 3)  # committed, not merely handled
    finally:
        consumer.stop()
    assert _count(engine, things) == 3 and len(calls) == 3
