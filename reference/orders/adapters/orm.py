"""The Orders schema (SQLAlchemy Core); Alembic migrations create and evolve it."""

from __future__ import annotations

import sqlalchemy as sa

from reference.shared.events import add_inbox_table, add_outbox_table
from reference.shared.persistence import add_idempotency_table

metadata = sa.MetaData()
_TZ = sa.DateTime(timezone=True)

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("customer_id", sa.String(64), nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("payment_method", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("payment_id", sa.String(36), nullable=True),
    sa.Column("payment_status", sa.String(16), nullable=True),  # pending | successful | failed
    sa.Column("payment_failure", sa.String(64), nullable=True),
    sa.Column("created_at", _TZ, nullable=False),
    sa.Column("updated_at", _TZ, nullable=False),
    sa.Index("ix_orders_created", "created_at", "id"),
)

idempotency_keys = add_idempotency_table(metadata)

# Pending work: one row per order whose payment must be requested from Payments. Written in the
# order's transaction, so a crash between commit and the HTTP call loses nothing.
payment_requests = sa.Table(
    "payment_requests",
    metadata,
    sa.Column("order_id", sa.String(36), primary_key=True),
    sa.Column("method", sa.String(32), nullable=False),
    sa.Column("traceparent", sa.String(64), nullable=True),
    sa.Column("state", sa.String(16), nullable=False),  # pending | requested | abandoned
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", _TZ, nullable=False),
    sa.Column("requested_at", _TZ, nullable=True),
    sa.Column("payment_id", sa.String(36), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Index("ix_payment_requests_due", "state", "next_attempt_at"),
)

outbox = add_outbox_table(metadata)
inbox = add_inbox_table(metadata)
