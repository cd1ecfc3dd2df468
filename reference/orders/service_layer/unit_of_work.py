"""Units of work: one database transaction holding the state change and its outbox rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from reference.orders.adapters.repository import (
    IdempotencyStore,
    OrderRepository,
    PaymentRequestQueue,
)
from reference.orders.domain.events import Event
from reference.orders.service_layer.messages import EventPublisher


class ConcurrentRequest(Exception):
    """The commit lost a race on a unique key (e.g. two requests with one Idempotency-Key)."""


class UnitOfWork:
    """Repositories over one transaction; `commit` records the domain events in the outbox."""

    def __init__(self, publisher: EventPublisher) -> None:
        self.publisher = publisher
        self.after_commit: list[Callable[[], None]] = []

    def _open(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.orders = OrderRepository(connection)
        self.idempotency = IdempotencyStore(connection)
        self.payment_requests = PaymentRequestQueue(connection)
        self.after_commit = []

    def collect_events(self) -> list[Event]:
        """Take the events raised by every order this unit of work handed out."""
        found: list[Event] = []
        for order in self.orders.seen:
            found.extend(order.events)
            order.events.clear()
        return found

    def _record(self) -> None:
        events = self.collect_events()
        published = self.publisher.record(self.connection, events)
        self.after_commit.append(lambda: self.publisher.announce(events, published))


class SqlUnitOfWork(UnitOfWork):
    """A unit of work on its own connection: commits, then logs and wakes the relay."""

    def __init__(self, engine: sa.Engine, publisher: EventPublisher) -> None:
        super().__init__(publisher)
        self._engine = engine

    def __enter__(self) -> SqlUnitOfWork:
        connection = self._engine.connect()
        connection.begin()
        self._open(connection)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.connection.in_transaction():
            self.connection.rollback()
        self.connection.close()

    def commit(self) -> None:
        """Write the events into the outbox, commit everything together, then run the follow-ups."""
        self._record()
        try:
            self.connection.commit()
        except sa.exc.IntegrityError as exc:
            raise ConcurrentRequest(str(exc.orig)) from exc
        for action in self.after_commit:
            action()


class ConnectionUnitOfWork(UnitOfWork):
    """A unit of work inside a transaction someone else commits (the event consumer's)."""

    def __init__(self, connection: sa.Connection, publisher: EventPublisher) -> None:
        super().__init__(publisher)
        self._open(connection)

    def __enter__(self) -> ConnectionUnitOfWork:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def commit(self) -> None:
        """Record the events; the owner commits and then runs `after_commit`."""
        self._record()
