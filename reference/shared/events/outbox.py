"""Transactional outbox: events recorded in the caller's transaction, published after commit."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa

from reference.shared.worker import BackgroundWorker

from .tables import OUTBOX

log = logging.getLogger(__name__)


class Publisher(Protocol):
    """What the relay needs from a broker (see `Broker.publish_batch`)."""

    def publish_batch(
        self, messages: Sequence[tuple[bytes, str]]
    ) -> tuple[int, Exception | None]: ...


def record_event(connection: Any, envelope: dict[str, Any]) -> None:
    """Insert the event into `outbox` in the caller's open transaction (a Connection or Session)."""
    connection.execute(
        OUTBOX.insert(),  # values bound, not built in: the statement's compiled form is reused
        {
            "id": envelope["id"],
            "event_type": envelope["type"],
            "payload": json.dumps(envelope),
            "created_at": datetime.now(UTC),
            "attempts": 0,
        },
    )


class OutboxRelay(BackgroundWorker):
    """Background thread that publishes unpublished outbox rows in order, then marks them sent."""

    def __init__(
        self,
        engine: sa.Engine,
        broker: Publisher,
        poll_interval: float = 2.0,
        batch: int = 100,
        max_backoff: float = 30.0,
    ) -> None:
        super().__init__("outbox-relay", poll_interval, max_backoff)
        self._engine, self._broker, self._batch = engine, broker, batch

    def drain_once(self) -> int:
        """Publish up to `batch` pending rows in one confirmed batch; return how many went out."""
        with self._engine.connect() as conn:
            rows = conn.execute(self._pending()).all()
            if not rows:
                self._recovered()
                return 0
            published, error = self._broker.publish_batch(
                [(row.payload.encode("utf-8"), row.event_type) for row in rows]
            )
            sent = [row.id for row in rows[:published]]
            failure = None
            if error is not None:  # the broker is down or refused: keep the rest, retry later
                failure = (rows[published].id, f"{type(error).__name__}: {error}"[:2000])
            self._mark(conn, sent, failure)
            conn.commit()
        self._after_drain(len(sent), failure)
        return len(sent)

    def _pending(self) -> sa.Select:
        query = sa.select(OUTBOX.c.id, OUTBOX.c.event_type, OUTBOX.c.payload)
        query = query.where(OUTBOX.c.published_at.is_(None))
        query = query.order_by(OUTBOX.c.created_at, OUTBOX.c.id).limit(self._batch)
        if self._engine.dialect.name == "postgresql":  # several relays share the work safely
            query = query.with_for_update(skip_locked=True)
        return query

    def _mark(self, conn: sa.Connection, sent: list[str], failure: tuple[str, str] | None) -> None:
        if sent:
            done = OUTBOX.update().where(OUTBOX.c.id.in_(sent))
            conn.execute(done.values(published_at=datetime.now(UTC)))
        if failure:
            failed = OUTBOX.update().where(OUTBOX.c.id == failure[0])
            conn.execute(failed.values(attempts=OUTBOX.c.attempts + 1, last_error=failure[1]))

    def _after_drain(self, sent: int, failure: tuple[str, str] | None) -> None:
        if failure is None:
            self._recovered()
            return
        delay = self._back_off()
        log.warning(
            "outbox publish failed; event %s kept for retry in %.1fs: %s",
            failure[0], delay, failure[1],
        )  # fmt: skip

    def _drain(self) -> None:
        while self.drain_once() == self._batch:  # a full batch: more may be waiting
            pass
