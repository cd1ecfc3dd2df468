"""Orders show their payment: its status beside its id and failure reason.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# What 0001 could tell: a failure reason means failed; a payment id without one means the payment
# succeeded (0001 recorded the id only on an outcome); a requested payment is pending.
_BACKFILL = (
    "UPDATE orders SET payment_status = 'failed' WHERE payment_failure IS NOT NULL",
    "UPDATE orders SET payment_status = 'successful' "
    "WHERE payment_id IS NOT NULL AND payment_status IS NULL",
    "UPDATE orders SET payment_status = 'pending', payment_id = ("
    " SELECT r.payment_id FROM payment_requests r WHERE r.order_id = orders.id)"
    " WHERE payment_id IS NULL AND EXISTS ("
    " SELECT 1 FROM payment_requests r"
    " WHERE r.order_id = orders.id AND r.state = 'requested' AND r.payment_id IS NOT NULL)",
)


def upgrade() -> None:
    """Add `orders.payment_status` and fill it from what the order already records."""
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("payment_status", sa.String(16), nullable=True))
    for statement in _BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    """Drop `orders.payment_status`; a pending payment's id goes with it (0001 had none)."""
    op.execute("UPDATE orders SET payment_id = NULL WHERE payment_status = 'pending'")
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("payment_status")
