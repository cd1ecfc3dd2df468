"""The Payments schema (SQLAlchemy Core); Alembic migrations create and evolve it."""

from __future__ import annotations

import sqlalchemy as sa

from reference.shared.events import add_outbox_table
from reference.shared.persistence import add_idempotency_table

metadata = sa.MetaData()
_TZ = sa.DateTime(timezone=True)

payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("order_id", sa.String(36), nullable=False, index=True),
    sa.Column("method", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("failure_reason", sa.String(64), nullable=True),
    sa.Column("created_at", _TZ, nullable=False),
)

idempotency_keys = add_idempotency_table(metadata)

outbox = add_outbox_table(metadata)
