"""Alembic environment: runs on the connection handed in by `db.migrate`, or on a URL."""

from __future__ import annotations

from reference.orders.adapters.orm import metadata
from reference.shared.persistence import run_migrations

run_migrations(metadata)
