"""Transactional outbox: the event row lives and dies with the caller's transaction, and the relay
delivers it after commit without waiting for its poll; a failed publish keeps it for a later try."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from reference.shared.events import OUTBOX, Broker, OutboxRelay, new_event, record_event
from tests.reference.events.events_helpers import TRACEPARENT, wait_for


class FakeBroker:
    """Records publishes; fails while `down` is set."""

    def __init__(self) -> None:
        self.published: list[tuple[str, dict]] = []
        self.down = False
        self.confirm_only: int | None = None  # the broker stops confirming after this many

    def publish_batch(self, messages: list[tuple[bytes, str]]) -> tuple[int, Exception | None]:
        if self.down:
            return 0, ConnectionError("broker unreachable")
        if self.confirm_only is not None and self.confirm_only < len(messages):
            messages = messages[: self.confirm_only]
            self.published += [(key, json.loads(body)) for body, key in messages]
            return len(messages), TimeoutError("not confirmed")
        self.published += [(routing_key, json.loads(body)) for body, routing_key in messages]
        return len(messages), None


def _event(n: int = 1) -> dict:
    return new_event("order.created", "/orders", f"o-{n}", {"n": n}, TRACEPARENT)


def _rows(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(sa.select(OUTBOX).order_by(OUTBOX.c.created_at)).all()


def test_the_row_is_written_in_the_callers_transaction(engine, things):
    event = _event()
    with engine.begin() as conn:
        conn.execute(things.insert().values(id="o-1"))
        record_event(conn, event)
    [row] = _rows(engine)
    assert (row.id, row.event_type, row.attempts) == (event["id"], "order.created", 0)
    assert json.loads(row.payload) == event and row.published_at is None


def test_the_row_is_rolled_back_with_the_callers_transaction(engine, things):
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(things.insert().values(id="o-1"))
        record_event(conn, _event())
        raise RuntimeError("the state change failed")
    assert _rows(engine) == []


def test_a_session_can_record_too(engine):
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        record_event(session, _event())
    assert len(_rows(engine)) == 1


def test_drain_publishes_in_order_and_marks_rows_sent(engine):
    events = [_event(n) for n in range(3)]
    for event in events:
        with engine.begin() as conn:
            record_event(conn, event)
    broker = FakeBroker()
    relay = OutboxRelay(engine, broker)
    assert relay.drain_once() == 3
    assert [body["id"] for _, body in broker.published] == [e["id"] for e in events]
    assert {key for key, _ in broker.published} == {"order.created"}
    assert all(row.published_at is not None for row in _rows(engine))
    assert relay.drain_once() == 0


def test_a_failed_publish_keeps_the_row_and_a_later_drain_delivers_it(engine):
    with engine.begin() as conn:
        record_event(conn, _event())
    broker = FakeBroker()
    broker.down = True
    relay = OutboxRelay(engine, broker)
    assert relay.drain_once() == 0
    assert relay.drain_once() == 0
    [row] = _rows(engine)
    assert row.attempts == 2 and "broker unreachable" in row.last_error and row.published_at is None
    broker.down = False
    assert relay.drain_once() == 1
    assert _rows(engine)[0].published_at is not None


def test_a_batch_cut_short_marks_only_the_confirmed_prefix_and_resends_the_rest(engine):
    events = [_event(n) for n in range(5)]
    with engine.begin() as conn:
        for event in events:
            record_event(conn, event)
    broker = FakeBroker()
    broker.confirm_only = 2
    relay = OutboxRelay(engine, broker)
    assert relay.drain_once() == 2
    rows = {row.id: row for row in _rows(engine)}
    assert [rows[e["id"]].published_at is not None for e in events] == [True] * 2 + [False] * 3
    first_unconfirmed = rows[events[2]["id"]]
    assert first_unconfirmed.attempts == 1 and "not confirmed" in first_unconfirmed.last_error
    broker.confirm_only = None
    assert relay.drain_once() == 3
    assert [body["id"] for _, body in broker.published] == [e["id"] for e in events]


def test_an_unreachable_real_broker_is_a_failed_publish_not_a_crash(engine, tmp_path):
    with engine.begin() as conn:
        record_event(conn, _event())
    unreachable = Broker("amqp://guest:guest@127.0.0.1:9//", "accord.events", tmp_path)
    assert OutboxRelay(engine, unreachable).drain_once() == 0
    [row] = _rows(engine)
    assert row.attempts == 1 and row.last_error and row.published_at is None


def test_the_relay_publishes_on_notify_without_waiting_for_its_poll(engine):
    broker = FakeBroker()
    relay = OutboxRelay(engine, broker, poll_interval=60)
    relay.start()
    try:
        with engine.begin() as conn:
            record_event(conn, _event())
        relay.notify()
        wait_for(lambda: broker.published, timeout=2)
    finally:
        relay.stop()
    assert _rows(engine)[0].published_at is not None


def test_the_relay_thread_survives_a_broker_outage_and_retries(engine):
    broker = FakeBroker()
    broker.down = True
    relay = OutboxRelay(engine, broker, poll_interval=0.05)
    relay.start()
    try:
        with engine.begin() as conn:
            record_event(conn, _event())
        relay.notify()  # never raises, whatever the broker does
        wait_for(lambda: _rows(engine)[0].attempts >= 2)
        broker.down = False
        wait_for(lambda: _rows(engine)[0].published_at is not None)
    finally:
        relay.stop()
    assert len(broker.published) == 1
