"""Engines: a SQLite file (embedded default) or PostgreSQL, by URL."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa


def create_engine(url: str) -> sa.Engine:
    """An engine; on SQLite every transaction takes the write lock up front (BEGIN IMMEDIATE)."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # Several threads and processes share the file: WAL lets readers run beside a writer,
        # and an immediate BEGIN avoids the deadlock of two deferred transactions upgrading.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def aware(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
