"""Engines: a SQLite file (embedded default) or PostgreSQL, by URL.

On PostgreSQL every wait is bounded, so a database that accepts connections but never answers
costs a request a few seconds (then `503 service_unavailable`), never the whole outage, and the
pool heals by itself once the database answers again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


@dataclass(frozen=True)
class Timeouts:
    """How long a PostgreSQL engine waits, in seconds (a silent database: at most ~4 s a request).

    A request on a pooled connection may pay `answer` (the pre-ping) then `connect` (the new
    connection); `statement` stays under `answer` so a busy server cancels before the client.
    """

    connect: int = 2  # libpq's least: the TCP connect and the start-up exchange
    statement: float = 1.5  # the server cancels a statement (or a lock wait) running longer
    answer: float = 2.0  # the client gives up on a server that does not answer at all
    pool: float = 1.0  # waiting for a free pooled connection


# Execution option of a connection whose transactions only read (see `_sqlite_engine`).
READ_ONLY = "accord_read_only"


def create_engine(url: str, timeouts: Timeouts | None = None) -> sa.Engine:
    """An engine; on SQLite every transaction but a read-only one takes the write lock up front."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return _postgres_engine(url, timeouts or Timeouts())


def unbounded_engine(engine: sa.Engine) -> sa.Engine:
    """An engine on the same database without statement timeouts (migrations wait for a lock)."""
    if engine.dialect.name != "postgresql":
        return engine
    return sa.create_engine(engine.url, poolclass=sa.NullPool, connect_args={"connect_timeout": 10})


def _postgres_engine(url: str, timeouts: Timeouts) -> sa.Engine:
    statement_ms = int(timeouts.statement * 1000)
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=timeouts.pool,
        connect_args={
            "connect_timeout": timeouts.connect,
            "options": f"-c statement_timeout={statement_ms}",
        },
    )
    if engine.driver == "psycopg":
        # Imported here: psycopg costs the SQLite default ~0.12 s of start-up for nothing.
        from .bounded_psycopg import BoundedConnection

        @sa.event.listens_for(engine, "do_connect")
        def _connect(_dialect, _record, cargs, cparams) -> Any:
            connection = BoundedConnection.connect(*cargs, **cparams)
            connection.answer_timeout = timeouts.answer
            return connection

    return engine


SQLITE_BUSY_SECONDS = 30


def _sqlite_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False}
    )
    # This process's writers queue on a lock, woken in turn, instead of in SQLite's busy handler,
    # which polls in sleeps of up to 100 ms (profiled: a POST's p99 near 1 s under 32 clients).
    # Other processes on the same file still meet the busy handler.
    writer = threading.Lock()

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # Several threads and processes share the file: WAL lets readers run beside a writer,
        # and an immediate BEGIN avoids the deadlock of two deferred transactions upgrading.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses
        # nothing (the WAL is in the OS's hands); only a power cut may lose the last commits.
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        # A reader needs no lock in WAL mode: it sees the last commit and never waits for writers.
        if connection.get_execution_options().get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        if not writer.acquire(timeout=SQLITE_BUSY_SECONDS):
            raise sa.exc.OperationalError("BEGIN IMMEDIATE", None, TimeoutError("writer lock"))
        # On the pool's record, which outlives an invalidated DBAPI connection.
        connection.connection.record_info[_HOLDS_WRITER] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection.connection.record_info)
            raise

    def _release(record_info: dict[str, Any]) -> None:
        if record_info.pop(_HOLDS_WRITER, False):
            writer.release()

    # Before the COMMIT/ROLLBACK itself: the next writer's BEGIN IMMEDIATE may meet it still
    # running and wait a millisecond in the busy handler, not a whole sleep cycle. A connection
    # back in the pool (an invalidated one too) holds nothing.
    sa.event.listen(engine, "commit", lambda c: _release(_record_info(c)))
    sa.event.listen(engine, "rollback", lambda c: _release(_record_info(c)))
    sa.event.listen(engine.pool, "checkin", lambda _dbapi, record: _release(record.record_info))
    return engine


_HOLDS_WRITER = "accord_holds_writer_lock"


def _record_info(connection: sa.Connection) -> dict[str, Any]:
    # `connection.connection` raises once the connection was invalidated; its rollback still
    # comes through here, so the pool entry is reached without revalidating.
    proxied = connection._dbapi_connection
    return proxied.record_info if proxied is not None else {}


def aware(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
