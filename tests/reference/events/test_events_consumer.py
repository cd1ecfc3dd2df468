"""Inbox consumer, without a broker: a redelivery changes nothing, a handler error leaves no trace,
and an invalid message is refused with a reason (the broker side dead-letters it)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from reference.shared.events import INBOX, Broker, EventConsumer, Outcome, new_event
from tests.reference.events.events_helpers import TRACEPARENT


def _consumer(engine, handle, tmp_path, schemas=None) -> EventConsumer:
    broker = Broker("memory://", "accord.events", tmp_path)
    return EventConsumer(broker, engine, "q", ["payment.*"], handle, schemas=schemas)


def _body() -> bytes:
    event = new_event("payment.successful", "/payments", "o-1", {"orderId": "o-1"}, TRACEPARENT)
    return json.dumps(event).encode()


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_duplicate_delivery_changes_nothing(engine, things, tmp_path):
    calls = []

    def handle(conn, envelope):
        calls.append(envelope["id"])
        conn.execute(things.insert().values(id=envelope["subject"]))

    consumer = _consumer(engine, handle, tmp_path)
    body = _body()
    assert consumer.process(body).outcome is Outcome.PROCESSED
    assert consumer.process(body).outcome is Outcome.DUPLICATE
    assert len(calls) == 1 and _count(engine, things) == 1 and _count(engine, INBOX) == 1


def test_a_handler_error_rolls_back_and_leaves_no_inbox_row(engine, things, tmp_path):
    def handle(conn, envelope):
        conn.execute(things.insert().values(id=envelope["subject"]))
        raise RuntimeError("domain refused")

    result = _consumer(engine, handle, tmp_path).process(_body())
    assert result.outcome is Outcome.FAILED and "domain refused" in result.reason
    assert _count(engine, INBOX) == 0 and _count(engine, things) == 0


def test_invalid_messages_are_refused_with_a_reason(engine, tmp_path):
    consumer = _consumer(engine, lambda conn, envelope: None, tmp_path)
    assert consumer.process(b"{not json").outcome is Outcome.INVALID
    no_id = {k: v for k, v in json.loads(_body()).items() if k != "id"}
    result = consumer.process(json.dumps(no_id))
    assert result.outcome is Outcome.INVALID and "'id'" in result.reason
    assert _count(engine, INBOX) == 0


def test_with_schemas_an_event_type_without_a_contract_is_invalid(engine, tmp_path):
    schemas = {"payment.failed": {"type": "object"}}
    consumer = _consumer(engine, lambda conn, envelope: None, tmp_path, schemas=schemas)
    result = consumer.process(_body())
    assert result.outcome is Outcome.INVALID and "no contract" in result.reason
