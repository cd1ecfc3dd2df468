"""The unit of work: one database transaction holding the state change and its outbox rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from reference.payments.adapters.repository import IdempotencyStore, PaymentRepository
from reference.payments.domain.events import Event
from reference.payments.service_layer.messages import EventPublisher


class ConcurrentRequest(Exception):
    """The commit lost a race on a unique key (e.g. two requests with one Idempotency-Key)."""


class SqlUnitOfWork:
    """Repositories over one transaction; `commit` records the domain events in the outbox."""

    def __init__(self, engine: sa.Engine, publisher: EventPublisher) -> None:
        self._engine, self.publisher = engine, publisher
        self.after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> SqlUnitOfWork:
        self.connection = self._engine.connect()
        self.connection.begin()
        self.payments = PaymentRepository(self.connection)
        self.idempotency = IdempotencyStore(self.connection)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.connection.in_transaction():
            self.connection.rollback()
        self.connection.close()

    def collect_events(self) -> list[Event]:
        """Take the events raised by every payment this unit of work handed out."""
        found: list[Event] = []
        for payment in self.payments.seen:
            found.extend(payment.events)
            payment.events.clear()
        return found

    def commit(self) -> None:
        """Write the events into the outbox, commit everything together, then log and notify."""
        events = self.collect_events()
        published = self.publisher.record(self.connection, events)
        try:
            self.connection.commit()
        except sa.exc.IntegrityError as exc:
            raise ConcurrentRequest(str(exc.orig)) from exc
        self.publisher.announce(events, published)
