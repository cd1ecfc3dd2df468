"""A twin of a request still in flight on PostgreSQL: it waits, then replays, runs, or gives up.

The first request is held open by hand (its key claimed, not committed); the twin runs in a thread.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from reference.payments.adapters import db
from reference.payments.service_layer.unit_of_work import SqlUnitOfWork
from reference.shared.idempotency_key import IdempotencyKey, canonical_hash
from reference.shared.persistence import (
    IdempotencyStore,
    Reply,
    StoredResponse,
    run_idempotent,
)

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


class Quiet:
    """A publisher with no events to record."""

    def record(self, connection, domain_events) -> int:
        return 0

    def announce(self, domain_events, published) -> None:
        return None


@pytest.fixture
def engine(postgres_url):
    engine = db.create_engine(postgres_url)
    db.migrate(engine)
    yield engine
    engine.dispose()


def twin(engine, outcome: dict) -> threading.Thread:
    def run() -> None:
        uow = SqlUnitOfWork(engine, Quiet())
        try:
            key = IdempotencyKey.of("k", "body")
            reply = run_idempotent(uow, "op", key, lambda _: Reply(201, "twin"), lambda: NOW)
            outcome["reply"] = reply
        except sa.exc.OperationalError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def hold_claim(conn) -> IdempotencyStore:
    store = IdempotencyStore(conn)
    assert store.claim("op", "k", _digest(), NOW) is None
    return store


def _digest() -> str:
    return canonical_hash("body")


@pytest.mark.parametrize("first_commits", [True, False], ids=["commits", "rolls-back"])
def test_the_twin_waits_for_the_first_then_replays_or_runs(engine, first_commits):
    outcome: dict = {}
    with engine.connect() as conn:
        store = hold_claim(conn)
        thread = twin(engine, outcome)
        time.sleep(0.5)
        assert outcome == {}  # still waiting for the first
        store.put("op", "k", StoredResponse(_digest(), 201, "first"))
        if first_commits:
            conn.commit()
        else:
            conn.rollback()
        thread.join(5)
    expected = Reply(201, "first", replayed=True) if first_commits else Reply(201, "twin")
    assert outcome == {"reply": expected}


def test_a_twin_waiting_past_the_statement_timeout_gives_up_in_time(engine):
    outcome: dict = {}
    with engine.connect() as conn:
        hold_claim(conn)
        started = time.monotonic()
        twin(engine, outcome).join(5)
        took = time.monotonic() - started
        conn.rollback()
    assert "canceling statement due to statement timeout" in str(outcome["error"])
    assert took < 3
