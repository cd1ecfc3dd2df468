"""Alembic: `upgrade` a service's schema at boot, and the body of each service's `env.py`."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config

from .engine import unbounded_engine

# Several workers (gunicorn) may start at once: on PostgreSQL one migrates, the others wait.
_MIGRATION_LOCK = 0x6163636F7264  # "accord"


def migrate(engine: sa.Engine, script_location: Path | str, revision: str = "head") -> None:
    """Bring the schema to `revision` with the Alembic scripts in `script_location`."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    target = unbounded_engine(engine)
    try:
        _upgrade(target, config, revision)
    finally:
        if target is not engine:
            target.dispose()


def _upgrade(engine: sa.Engine, config: Config, revision: str) -> None:
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


def run_migrations(metadata: sa.MetaData) -> None:
    """What a service's `env.py` does: migrate online (given connection or URL) or emit SQL."""
    if context.is_offline_mode():
        _run_offline()
    else:
        _run_online(metadata)


def _run_online(metadata: sa.MetaData) -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection, metadata)
        if connection.in_transaction():
            connection.commit()
        return
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"), poolclass=sa.NullPool)
    with engine.connect() as connection:
        _run(connection, metadata)
        connection.commit()


def _run(connection: sa.Connection, metadata: sa.MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_offline() -> None:
    # `alembic upgrade head --sql`: emit the SQL instead of running it.
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
