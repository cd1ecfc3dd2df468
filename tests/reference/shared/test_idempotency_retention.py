"""Idempotency keys are kept the 24 hours the specs promise, then purged on a later write.

The purge runs after an idempotent write commits, at most once per PURGE_EVERY per database, in a
transaction of its own; both backends, the services' real schema and unit of work.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from reference.payments.adapters import db
from reference.payments.service_layer.unit_of_work import SqlUnitOfWork
from reference.shared.idempotency_key import IdempotencyKey
from reference.shared.persistence import (
    IDEMPOTENCY_KEYS,
    RETENTION,
    IdempotencyKeyReused,
    Reply,
    run_idempotent,
)
from reference.shared.persistence.idempotency import PURGE_EVERY

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


class Quiet:
    """A publisher with no events to record."""

    def record(self, connection, domain_events) -> int:
        return 0

    def announce(self, domain_events, published) -> None:
        return None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'keys.sqlite3'}"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    engine = db.create_engine(url)
    db.migrate(engine)
    yield engine
    engine.dispose()


def write(engine, key: str, at: datetime, body: object = "same") -> Reply:
    uow = SqlUnitOfWork(engine, Quiet())
    reply = Reply(201, {"key": key})
    return run_idempotent(uow, "op", IdempotencyKey.of(key, body), lambda _: reply, lambda: at)


def keys(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(IDEMPOTENCY_KEYS.c.key)).scalars())


def test_a_key_is_replayed_within_the_retention_and_purged_after_it(engine):
    write(engine, "old", START)
    assert write(engine, "old", START + RETENTION - timedelta(seconds=1)).replayed
    assert keys(engine) == {"old"}
    later = START + RETENTION + PURGE_EVERY
    assert not write(engine, "new", later).replayed
    assert keys(engine) == {"new"}
    assert not write(engine, "old", later).replayed  # a purged key starts afresh


def test_purges_are_spaced_by_purge_every(engine):
    minute = timedelta(minutes=1)
    write(engine, "a", START)  # the first write purges (nothing yet)
    write(engine, "b", START + minute)
    write(engine, "c", START + RETENTION + timedelta(seconds=1))  # purges "a" only
    assert keys(engine) == {"b", "c"}
    write(engine, "d", START + RETENTION + 2 * minute)  # "b" expired, but a purge ran lately
    assert keys(engine) == {"b", "c", "d"}
    write(engine, "e", START + RETENTION + 6 * minute)
    assert keys(engine) == {"c", "d", "e"}


def test_another_body_with_the_key_is_refused(engine):
    write(engine, "k", START)
    with pytest.raises(IdempotencyKeyReused):
        write(engine, "k", START, body="other")
