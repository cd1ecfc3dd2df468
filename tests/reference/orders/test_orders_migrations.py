"""Alembic migrations of both services: up, down and up again, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from reference.orders.adapters import db as orders_db
from reference.payments.adapters import db as payments_db

TABLES = {
    orders_db: {"orders", "idempotency_keys", "payment_requests", "outbox", "inbox"},
    payments_db: {"payments", "idempotency_keys", "outbox"},
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.mark.parametrize("db", [orders_db, payments_db], ids=["orders", "payments"])
def test_upgrade_downgrade_upgrade(db, database_url):
    engine = db.create_engine(database_url)
    try:
        db.migrate(engine)
        db.migrate(engine)  # already at head: nothing to do
        assert TABLES[db] <= set(sa.inspect(engine).get_table_names())
        config = Config()
        config.set_main_option("script_location", str(db.MIGRATIONS))
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert not TABLES[db] & set(sa.inspect(engine).get_table_names())
        db.migrate(engine)
        assert TABLES[db] <= set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
