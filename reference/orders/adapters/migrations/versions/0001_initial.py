"""Orders, idempotency keys, payment requests, outbox and inbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from reference.shared.events import create_inbox_table, create_outbox_table, drop_event_tables
from reference.shared.persistence import create_idempotency_table, drop_idempotency_table

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the schema."""
    op.create_table(
        "orders",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("payment_method", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("payment_id", sa.String(36), nullable=True),
        sa.Column("payment_failure", sa.String(64), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
    )
    op.create_index("ix_orders_created", "orders", ["created_at", "id"])
    create_idempotency_table(op)
    op.create_table(
        "payment_requests",
        sa.Column("order_id", sa.String(36), primary_key=True),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("traceparent", sa.String(64), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", _TZ, nullable=False),
        sa.Column("requested_at", _TZ, nullable=True),
        sa.Column("payment_id", sa.String(36), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
    )
    op.create_index("ix_payment_requests_due", "payment_requests", ["state", "next_attempt_at"])
    create_outbox_table(op)
    create_inbox_table(op)


def downgrade() -> None:
    """Drop the schema."""
    drop_event_tables(op)
    op.drop_index("ix_payment_requests_due", table_name="payment_requests")
    op.drop_table("payment_requests")
    drop_idempotency_table(op)
    op.drop_index("ix_orders_created", table_name="orders")
    op.drop_table("orders")
