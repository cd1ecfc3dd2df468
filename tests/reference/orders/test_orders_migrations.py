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


def test_0002_fills_the_payment_status_from_what_0001_recorded(database_url):
    """The revision that shows an order's payment reads it from the rows 0001 left."""
    engine = orders_db.create_engine(database_url)
    now = "2025-01-15 10:30:00+00:00"
    try:
        orders_db.migrate(engine, "0001")
        with engine.begin() as conn:
            for order_id, payment_id, failure in [
                ("o-paid", "p-1", None),
                ("o-declined", "p-2", "card_declined"),
                ("o-requested", None, None),
                ("o-new", None, None),
            ]:
                conn.execute(
                    sa.text(
                        "INSERT INTO orders (id, customer_id, items, payment_method, status, "
                        "payment_id, payment_failure, created_at, updated_at) VALUES (:id, 'c', "
                        "'[]', 'card', 'pending', :payment_id, :failure, :now, :now)"
                    ),
                    {"id": order_id, "payment_id": payment_id, "failure": failure, "now": now},
                )
            conn.execute(
                sa.text(
                    "INSERT INTO payment_requests (order_id, method, state, attempts, "
                    "next_attempt_at, payment_id) VALUES ('o-requested', 'card', 'requested', "
                    "1, :now, 'p-3')"
                ),
                {"now": now},
            )
        orders_db.migrate(engine)
        with engine.connect() as conn:
            query = "SELECT id, payment_id, payment_status FROM orders ORDER BY id"
            rows = [tuple(row) for row in conn.execute(sa.text(query))]
        assert rows == [
            ("o-declined", "p-2", "failed"),
            ("o-new", None, None),
            ("o-paid", "p-1", "successful"),
            ("o-requested", "p-3", "pending"),
        ]
    finally:
        engine.dispose()
