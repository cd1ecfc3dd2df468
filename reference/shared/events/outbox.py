"""Transactional outbox: events recorded in the caller's transaction, published after commit."""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa

from .tables import OUTBOX

log = logging.getLogger(__name__)


class Publisher(Protocol):
    """What the relay needs from a broker (see `Broker.publish_body`)."""

    def publish_body(self, body: bytes, routing_key: str) -> None: ...


def record_event(connection: Any, envelope: dict[str, Any]) -> None:
    """Insert the event into `outbox` in the caller's open transaction (a Connection or Session)."""
    connection.execute(
        OUTBOX.insert().values(
            id=envelope["id"],
            event_type=envelope["type"],
            payload=json.dumps(envelope),
            created_at=datetime.now(UTC),
            attempts=0,
        )
    )


class OutboxRelay:
    """Background thread that publishes unpublished outbox rows in order, then marks them sent."""

    def __init__(
        self,
        engine: sa.Engine,
        broker: Publisher,
        poll_interval: float = 2.0,
        batch: int = 100,
        max_backoff: float = 30.0,
    ) -> None:
        self._engine, self._broker = engine, broker
        self._poll_interval, self._batch, self._max_backoff = poll_interval, batch, max_backoff
        self._wake, self._stopping = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._not_before = 0.0

    def notify(self) -> None:
        """Wake the relay now (call right after the commit that recorded events); never raises."""
        self._wake.set()

    def start(self) -> None:
        """Start the relay thread (it drains whatever is already pending first)."""
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()
        self.notify()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread and wait for the batch in flight to finish."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def drain_once(self) -> int:
        """Publish up to `batch` pending rows, stopping at the first failure; return how many."""
        sent: list[str] = []
        failure: tuple[str, str] | None = None
        with self._engine.connect() as conn:
            for row in conn.execute(self._pending()).all():
                try:
                    self._broker.publish_body(
                        row.payload.encode("utf-8"), routing_key=row.event_type
                    )
                except Exception as exc:  # the broker is down or refused: keep the row, retry later
                    failure = (row.id, f"{type(exc).__name__}: {exc}"[:2000])
                    break
                sent.append(row.id)
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
            self._failures, self._not_before = 0, 0.0
            return
        self._failures += 1
        delay = min(self._poll_interval * 2 ** (self._failures - 1), self._max_backoff)
        self._not_before = time.monotonic() + delay
        log.warning(
            "outbox publish failed; event %s kept for retry in %.1fs: %s",
            failure[0], delay, failure[1],
        )  # fmt: skip

    def _run(self) -> None:
        while not self._stopping.is_set():
            wait = self._not_before - time.monotonic()
            self._wake.wait(wait if wait > 0 else self._poll_interval)
            self._wake.clear()
            if self._stopping.is_set() or time.monotonic() < self._not_before:
                continue
            self._drain_safely()

    def _drain_safely(self) -> None:
        try:
            while self.drain_once() == self._batch:  # a full batch: more may be waiting
                pass
        except Exception:  # the database is down: the next poll tries again
            log.exception("outbox relay could not drain")
            self._after_drain(0, ("?", "database error"))
