"""Idempotency-Key: the same key and body replay the first response; another body is refused.

Responses are kept in `idempotency_keys`, in the transaction of the state change they answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

if TYPE_CHECKING:
    from .unit_of_work import SqlUnitOfWork

U = TypeVar("U", bound="SqlUnitOfWork")


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
    """The commit lost a race on a unique key (e.g. two requests with one Idempotency-Key)."""


class IdempotencyKeyReused(Exception):
    """The key was already used on this operation with a different request body."""


@dataclass(frozen=True)
class StoredResponse:
    """The response first given to an idempotent request."""

    request_hash: str
    status: int
    body: Any


class IdempotencyStore:
    """Responses kept by (operation, Idempotency-Key)."""

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

    def put(self, operation: str, key: str, stored: StoredResponse, now: datetime) -> None:
        """Keep the response (a concurrent twin makes the commit fail on the primary key)."""
        self._conn.execute(
            IDEMPOTENCY_KEYS.insert().values(
                operation=operation,
                key=key,
                request_hash=stored.request_hash,
                status=stored.status,
                body=json.dumps(stored.body),
                created_at=now,
            )
        )


@dataclass(frozen=True)
class Reply:
    """A status and body to send; `replayed` when they come from an earlier request."""

    status: int
    body: Any
    replayed: bool = False


def canonical_hash(body: Any) -> str:
    """SHA-256 of the body as canonical JSON (sorted keys, no insignificant whitespace)."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_idempotent(
    uow: U,
    operation: str,
    key: str | None,
    body: Any,
    produce: Callable[[U], Reply],
    now: Callable[[], datetime],
) -> Reply:
    """Run `produce` in a unit of work once per (operation, key); replay it afterwards."""
    digest = canonical_hash(body)
    for _ in range(2):  # the second round replays what a concurrent twin committed
        with uow:
            if key is not None:
                stored = uow.idempotency.get(operation, key)
                if stored is not None:
                    return _replay(stored, digest)
            reply = produce(uow)
            if key is not None:
                stored = StoredResponse(digest, reply.status, reply.body)
                uow.idempotency.put(operation, key, stored, now())
            try:
                uow.commit()
            except ConcurrentRequest:
                if key is None:
                    raise
                continue
            return reply
    raise ConcurrentRequest(f"Idempotency-Key {key!r} is being used concurrently")


def _replay(stored: StoredResponse, digest: str) -> Reply:
    if stored.request_hash != digest:
        raise IdempotencyKeyReused("The Idempotency-Key was already used with a different body.")
    return Reply(stored.status, stored.body, replayed=True)
