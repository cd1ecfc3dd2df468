"""Payments, idempotency keys and the outbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from reference.shared.events import create_outbox_table, drop_event_tables
from reference.shared.persistence import create_idempotency_table, drop_idempotency_table

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the schema."""
    op.create_table(
        "payments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("failure_reason", sa.String(64), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
    )
    op.create_index("ix_payments_order_id", "payments", ["order_id"])
    create_idempotency_table(op)
    create_outbox_table(op)


def downgrade() -> None:
    """Drop the schema."""
    drop_event_tables(op, inbox=False)
    drop_idempotency_table(op)
    op.drop_index("ix_payments_order_id", table_name="payments")
    op.drop_table("payments")
