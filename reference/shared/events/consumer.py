"""Event consumer: validate, dedupe by (source, id) in the inbox, handle and commit, then ack."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from kombu import Exchange
from kombu.mixins import ConsumerMixin
from sqlalchemy.dialects import postgresql, sqlite

from .broker import ATTEMPTS_HEADER, REASON_HEADER, Broker
from .envelope import InvalidEvent, parse_envelope, validate_envelope
from .tables import INBOX

log = logging.getLogger(__name__)

Handler = Callable[[sa.Connection, dict[str, Any]], None]
_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_DEFAULT_EXCHANGE = Exchange("")


class Outcome(enum.StrEnum):
    """What became of one message."""

    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    """The outcome of `EventConsumer.process`, with the reason when it was not processed."""

    outcome: Outcome
    reason: str | None = None
    envelope: dict[str, Any] | None = None


class EventConsumer(ConsumerMixin):
    """A worker thread consuming one durable queue; acks only after its own commit."""

    def __init__(
        self,
        broker: Broker,
        engine: sa.Engine,
        queue_name: str,
        routing_keys: list[str],
        handle: Handler,
        schemas: dict[str, dict[str, Any]] | None = None,
        max_attempts: int = 5,
        retry_backoff: float = 0.2,
    ) -> None:
        self._broker, self._engine, self._handle = broker, engine, handle
        self.queue_name, self._routing_keys, self._schemas = queue_name, routing_keys, schemas
        self._max_attempts, self._retry_backoff = max_attempts, retry_backoff
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self.connection = broker.connection()

    def process(self, body: bytes | str) -> Result:
        """Validate one message body and apply it in one transaction (testable without a broker)."""
        try:
            envelope = self._validated(body)
        except InvalidEvent as exc:
            return Result(Outcome.INVALID, exc.reason)
        try:
            with self._engine.begin() as conn:
                if not self._claim(conn, envelope):
                    return Result(Outcome.DUPLICATE, envelope=envelope)
                self._handle(conn, envelope)
        except Exception as exc:  # rolled back: no inbox row, the message will be retried
            log.debug("handler failed", exc_info=True)
            return Result(Outcome.FAILED, f"{type(exc).__name__}: {exc}"[:1000], envelope)
        return Result(Outcome.PROCESSED, envelope=envelope)

    def _validated(self, body: bytes | str) -> dict[str, Any]:
        envelope = parse_envelope(body)
        schema = None
        if self._schemas is not None:
            schema = self._schemas.get(envelope.get("type"))  # type: ignore[arg-type]
            if schema is None:
                validate_envelope(envelope)
                raise InvalidEvent(f"no contract for event type {envelope['type']!r}")
        return validate_envelope(envelope, schema)

    def _claim(self, conn: sa.Connection, envelope: dict[str, Any]) -> bool:
        values = {"source": envelope["source"], "event_id": envelope["id"]}
        upsert = _UPSERTS.get(conn.dialect.name)
        if upsert is None:  # other databases: a concurrent twin fails on the key and is retried
            seen = sa.select(INBOX.c.event_id).filter_by(**values)
            if conn.execute(seen).first():
                return False
            upsert = sa.insert
        statement = upsert(INBOX).values(**values, processed_at=datetime.now(UTC))
        if upsert is sa.insert:
            conn.execute(statement)
            return True
        # RETURNING, not rowcount: psycopg reports no reliable rowcount for ON CONFLICT DO NOTHING
        inserted = statement.on_conflict_do_nothing().returning(INBOX.c.event_id)
        return conn.execute(inserted).first() is not None

    # -- the Kombu side ------------------------------------------------------------------------

    def get_consumers(self, Consumer, channel):
        return [Consumer(queues=[self._queue], on_message=self._on_message, prefetch_count=1)]

    def _on_message(self, message) -> None:
        body = message.body.encode("utf-8") if isinstance(message.body, str) else message.body
        result = self.process(body)
        if result.outcome is Outcome.INVALID:
            self._dead_letter(message, body, result.reason or "invalid")
        elif result.outcome is Outcome.FAILED:
            self._retry_or_dead_letter(message, body, result)
        message.ack()

    def _retry_or_dead_letter(self, message, body: bytes, result: Result) -> None:
        attempts = int((message.headers or {}).get(ATTEMPTS_HEADER, 0)) + 1
        if attempts >= self._max_attempts:
            self._dead_letter(message, body, f"handler failed {attempts} times: {result.reason}")
            return
        log.warning(
            "event handler failed (attempt %d of %d), retrying: queue=%s id=%s reason=%s",
            attempts, self._max_attempts, self.queue_name, _event_id(result), result.reason,
        )  # fmt: skip
        self._stopped.wait(min(self._retry_backoff * 2 ** (attempts - 1), 5.0))
        headers = {**(message.headers or {}), ATTEMPTS_HEADER: attempts}
        # Back to the tail of our own queue only (a plain requeue on Kombu's virtual transports
        # re-routes through the topic exchange, copying the message into every bound queue).
        self._broker.publish_body(body, self.queue_name, _DEFAULT_EXCHANGE, headers)

    def _dead_letter(self, message, body: bytes, reason: str) -> None:
        headers = {**(message.headers or {}), REASON_HEADER: reason}
        dead_letter_exchange = self._broker.dead_letter_exchange
        self._broker.publish_body(body, self.queue_name, dead_letter_exchange, headers)
        log.error(
            "event dead-lettered to %s.dlq: %s (routing_key=%s)",
            self.queue_name, reason, message.delivery_info.get("routing_key"),
        )  # fmt: skip

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Declare the queues and start consuming in a background thread."""
        self._queue = self._broker.declare_queue(self.queue_name, self._routing_keys)
        self._stopped.clear()
        self.should_stop = False
        self._thread = threading.Thread(target=self._run, name=f"consumer-{self.queue_name}")
        self._thread.daemon = True
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the message in hand; the thread is joined."""
        self.should_stop = True
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.connection.release()

    def _run(self) -> None:
        while not self.should_stop:
            try:
                self.run(safety_interval=0.25)
            except Exception:  # never let one bad moment kill the worker
                log.exception("event consumer %s crashed; restarting", self.queue_name)
                self._stopped.wait(1.0)


def _event_id(result: Result) -> str | None:
    return result.envelope.get("id") if result.envelope else None
