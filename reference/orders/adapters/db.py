"""Engines (SQLite file or PostgreSQL by URL) and `upgrade head` with Alembic."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# Several workers (gunicorn) may start at once: on PostgreSQL one migrates, the others wait.
_MIGRATION_LOCK = 0x6163636F7264  # "accord"


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


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (Alembic `upgrade`)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        locked = connection.dialect.name == "postgresql"
        if locked:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            connection.commit()
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        finally:
            if locked:
                unlock = sa.text("SELECT pg_advisory_unlock(:key)")
                connection.execute(unlock, {"key": _MIGRATION_LOCK})
                connection.commit()
