"""Units of work: one database transaction holding the state change and its outbox rows.

A service subclasses them with two hooks: `_open_repositories` (its repositories over the
connection) and `_aggregates` (the aggregates handed out, whose `events` are to be published).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol, Self

import sqlalchemy as sa

from .engine import READ_ONLY
from .idempotency import ConcurrentRequest, IdempotencyStore


class EventRecorder(Protocol):
    """Writes domain events into the outbox, then announces them after commit."""

    def record(self, connection: Any, domain_events: list[Any]) -> int: ...

    def announce(self, domain_events: list[Any], published: int) -> None: ...


class IdempotencyRecords(Protocol):
    """Responses kept by (operation, Idempotency-Key) (see `IdempotencyStore`)."""

    def claim(self, operation: str, key: str, digest: str, now: datetime) -> Any: ...

    def put(self, operation: str, key: str, stored: Any) -> None: ...


class AbstractUnitOfWork(ABC):
    """What the service layer needs of a unit of work, with no database in sight: repositories
    (a service's subclass names them) and idempotency records over one transaction, entered with
    `with`, kept by `commit()`. SQL below; an in-memory fake in the services' fast tests."""

    idempotency: IdempotencyRecords

    def reading(self) -> Self:
        """This unit of work, for reads only (a hint: SQLite's reads then wait for no writer)."""
        return self

    @abstractmethod
    def __enter__(self) -> Self: ...

    @abstractmethod
    def __exit__(self, *exc: Any) -> None: ...

    @abstractmethod
    def commit(self) -> None:
        """Keep the changes and record the domain events raised, all or nothing."""

    @property
    @abstractmethod
    def database(self) -> Any:
        """What the unit of work's data lives in (idempotency keys are purged once per it)."""

    @abstractmethod
    def purge_idempotency_keys(self, before: datetime) -> int:
        """Forget the idempotency keys created before `before`; return how many."""


class UnitOfWork(AbstractUnitOfWork):
    """Repositories over one SQL transaction; `commit` records the domain events in the outbox."""

    idempotency: IdempotencyStore

    def __init__(self, publisher: EventRecorder) -> None:
        self.publisher = publisher
        self.after_commit: list[Callable[[], None]] = []

    def _open(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.idempotency = IdempotencyStore(connection)
        self.after_commit = []
        self._open_repositories(connection)

    @abstractmethod
    def _open_repositories(self, connection: sa.Connection) -> None:
        """Bind the service's repositories to this transaction's connection."""

    @abstractmethod
    def _aggregates(self) -> Iterable[Any]:
        """The aggregates handed out in this unit of work (their events get recorded)."""

    def collect_events(self) -> list[Any]:
        """Take the events raised by every aggregate this unit of work handed out."""
        found: list[Any] = []
        for aggregate in self._aggregates():
            found.extend(aggregate.events)
            aggregate.events.clear()
        return found

    def _record(self) -> None:
        events = self.collect_events()
        published = self.publisher.record(self.connection, events)
        self.after_commit.append(lambda: self.publisher.announce(events, published))


class SqlUnitOfWork(UnitOfWork):
    """A unit of work on its own connection: commits, then logs and wakes the relay."""

    def __init__(self, engine: sa.Engine, publisher: EventRecorder) -> None:
        super().__init__(publisher)
        self._engine = engine
        self._read_only = False

    def reading(self) -> Self:
        """This unit of work, for reads only: on SQLite its transaction waits for no writer."""
        self._read_only = True
        return self

    @property
    def database(self) -> sa.Engine:
        """The engine this unit of work opens its transactions on."""
        return self._engine

    def purge_idempotency_keys(self, before: datetime) -> int:
        """Forget the idempotency keys created before `before`, in a transaction of their own."""
        with self._engine.begin() as connection:
            return IdempotencyStore(connection).purge(before)

    def __enter__(self) -> Self:
        try:
            connection = self._engine.connect()
        except sa.exc.TimeoutError as exc:  # no pooled connection came free in time
            raise sa.exc.OperationalError("connect", None, exc) from exc
        if self._read_only:
            connection = connection.execution_options(**{READ_ONLY: True})
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
    """A unit of work inside a transaction someone else commits (an event consumer's)."""

    def __init__(self, connection: sa.Connection, publisher: EventRecorder) -> None:
        super().__init__(publisher)
        self._open(connection)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    @property
    def database(self) -> sa.Engine:
        return self.connection.engine

    def purge_idempotency_keys(self, before: datetime) -> int:
        """Forget old idempotency keys inside the owner's transaction."""
        return self.idempotency.purge(before)

    def commit(self) -> None:
        """Record the events; the owner commits and then runs `after_commit`."""
        self._record()
