"""Idempotency-Key: the same key and body replay the first response; another body is refused.

Responses are kept in `idempotency_keys`, in the transaction of the state change they answer.
"""

from __future__ import annotations

import json
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from reference.shared.idempotency_key import IdempotencyKey

if TYPE_CHECKING:
    from .unit_of_work import AbstractUnitOfWork

U = TypeVar("U", bound="AbstractUnitOfWork")
log = logging.getLogger(__name__)

# The specs promise a key is "kept at least 24 hours"; older ones are purged on write, at most
# once per PURGE_EVERY per database and process.
RETENTION = timedelta(hours=24)
PURGE_EVERY = timedelta(minutes=5)
_next_purge: weakref.WeakKeyDictionary[Any, datetime] = weakref.WeakKeyDictionary()


def _columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("operation", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


IDEMPOTENCY_KEYS = sa.Table("idempotency_keys", sa.MetaData(), *_columns())


def add_idempotency_table(metadata: sa.MetaData) -> sa.Table:
    """Add `idempotency_keys` to a service's MetaData (its Alembic `target_metadata`)."""
    return IDEMPOTENCY_KEYS.to_metadata(metadata)


def create_idempotency_table(op: Any) -> None:
    """Create `idempotency_keys` from a hand-written Alembic migration (`op` is `alembic.op`)."""
    op.create_table("idempotency_keys", *_columns())


def drop_idempotency_table(op: Any) -> None:
    """Drop `idempotency_keys` in a migration's downgrade."""
    op.drop_table("idempotency_keys")


class ConcurrentRequest(Exception):
    """The transaction lost a race on a unique key it could not resolve by replaying."""


class IdempotencyKeyReused(Exception):
    """The key was already used on this operation with a different request body."""


@dataclass(frozen=True)
class StoredResponse:
    """The response first given to an idempotent request."""

    request_hash: str
    status: int
    body: Any


class IdempotencyStore:
    """Responses kept by (operation, Idempotency-Key).

    A request claims its key first, in its own transaction: a concurrent twin's claim waits for
    that transaction to end (the primary key's lock), then replays what it committed.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self._conn = connection

    def get(self, operation: str, key: str) -> StoredResponse | None:
        """The stored response of this key on this operation, or None."""
        table = IDEMPOTENCY_KEYS
        query = sa.select(table).where(table.c.operation == operation, table.c.key == key)
        row = self._conn.execute(query).mappings().first()
        if row is None:
            return None
        return StoredResponse(row["request_hash"], row["status"], json.loads(row["body"]))

    def claim(self, operation: str, key: str, digest: str, now: datetime) -> StoredResponse | None:
        """Take the key for this transaction (None), or the response a twin committed with it."""
        for _ in range(3):  # a twin that rolled back, or a purge, frees the key: claim again
            values: dict[str, Any] = {"operation": operation, "key": key, "request_hash": digest}
            values |= {"status": 0, "body": "", "created_at": now}
            if self._conn.execute(_insert_new(self._conn, values)).first() is not None:
                return None
            stored = self.get(operation, key)
            if stored is not None:
                return stored
        raise ConcurrentRequest(f"Idempotency-Key {key!r} is being used concurrently")

    def put(self, operation: str, key: str, stored: StoredResponse) -> None:
        """Keep the response under the key this transaction claimed."""
        table = IDEMPOTENCY_KEYS
        self._conn.execute(
            table.update()
            .where(table.c.operation == operation, table.c.key == key)
            .values(status=stored.status, body=json.dumps(stored.body))
        )

    def purge(self, before: datetime) -> int:
        """Forget the keys created before `before`; return how many."""
        table = IDEMPOTENCY_KEYS
        deleted = table.delete().where(table.c.created_at < before).returning(table.c.key)
        return len(self._conn.execute(deleted).all())


def _insert_new(connection: sa.Connection, values: dict[str, Any]) -> Any:
    # INSERT .. ON CONFLICT DO NOTHING: on PostgreSQL it waits for a twin's open transaction
    # and inserts nothing if that one commits (a plain INSERT would raise at the statement).
    dialect = connection.dialect.name
    if dialect == "postgresql":
        insert: Any = postgresql.insert(IDEMPOTENCY_KEYS)
    elif dialect == "sqlite":
        insert = sqlite.insert(IDEMPOTENCY_KEYS)
    else:
        # Claiming a key needs INSERT .. ON CONFLICT DO NOTHING; the reference ships migrations
        # and tests for these two backends only.
        raise RuntimeError(f"idempotency keys are kept on postgresql or sqlite, not {dialect}")
    return insert.values(values).on_conflict_do_nothing().returning(IDEMPOTENCY_KEYS.c.key)


@dataclass(frozen=True)
class Reply:
    """A status and body to send; `replayed` when they come from an earlier request."""

    status: int
    body: Any
    replayed: bool = False


def run_idempotent(
    uow: U,
    operation: str,
    idempotency: IdempotencyKey | None,
    produce: Callable[[U], Reply],
    now: Callable[[], datetime],
) -> Reply:
    """Run `produce` in a unit of work once per (operation, key); replay it afterwards.

    A twin sent while the first is in flight waits for it, then replays its response."""
    with uow:
        if idempotency is not None:
            key, digest = idempotency.key, idempotency.request_hash
            stored = uow.idempotency.claim(operation, key, digest, now())
            if stored is not None:
                return _replay(stored, digest)
        reply = produce(uow)
        if idempotency is not None:
            stored = StoredResponse(digest, reply.status, reply.body)
            uow.idempotency.put(operation, key, stored)
        uow.commit()
    if idempotency is not None:
        purge_when_due(uow, now())
    return reply


def purge_when_due(uow: AbstractUnitOfWork, now: datetime) -> int:
    """Forget the keys older than RETENTION if no purge ran lately; a failure is only logged."""
    due = _next_purge.get(uow.database)
    if due is not None and now < due:
        return 0
    _next_purge[uow.database] = now + PURGE_EVERY
    try:
        return uow.purge_idempotency_keys(now - RETENTION)
    except sa.exc.SQLAlchemyError as exc:
        log.warning("idempotency keys not purged: %s", exc.__class__.__name__)
        return 0


def _replay(stored: StoredResponse, digest: str) -> Reply:
    if stored.request_hash != digest:
        raise IdempotencyKeyReused("The Idempotency-Key was already used with a different body.")
    return Reply(stored.status, stored.body, replayed=True)
