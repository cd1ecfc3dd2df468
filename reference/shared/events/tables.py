"""The outbox and inbox tables: in a service's MetaData, or created by an Alembic migration."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

_METADATA = sa.MetaData()


def _outbox_columns() -> list[Any]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(255), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Index("ix_outbox_unpublished", "published_at", "created_at"),
    ]


def _inbox_columns() -> list[Any]:
    return [
        sa.Column("source", sa.String(1024), primary_key=True),
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    ]


OUTBOX = sa.Table("outbox", _METADATA, *_outbox_columns())
INBOX = sa.Table("inbox", _METADATA, *_inbox_columns())


def add_outbox_table(metadata: sa.MetaData) -> sa.Table:
    """Add the `outbox` table to a service's MetaData (its Alembic `target_metadata`)."""
    return OUTBOX.to_metadata(metadata)


def add_inbox_table(metadata: sa.MetaData) -> sa.Table:
    """Add the `inbox` table to a service's MetaData (its Alembic `target_metadata`)."""
    return INBOX.to_metadata(metadata)


def create_outbox_table(op: Any) -> None:
    """Create `outbox` from a hand-written Alembic migration (`op` is `alembic.op`)."""
    columns = [c for c in _outbox_columns() if isinstance(c, sa.Column)]
    op.create_table("outbox", *columns)
    op.create_index("ix_outbox_unpublished", "outbox", ["published_at", "created_at"])


def create_inbox_table(op: Any) -> None:
    """Create `inbox` from a hand-written Alembic migration (`op` is `alembic.op`)."""
    op.create_table("inbox", *_inbox_columns())


def drop_event_tables(op: Any, outbox: bool = True, inbox: bool = True) -> None:
    """Drop the tables in a migration's downgrade."""
    if outbox:
        op.drop_index("ix_outbox_unpublished", table_name="outbox")
        op.drop_table("outbox")
    if inbox:
        op.drop_table("inbox")
