"""The Payments database: an engine by URL, and its schema brought to head by Alembic."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from reference.shared import persistence
from reference.shared.persistence import create_engine

__all__ = ["MIGRATIONS", "create_engine", "migrate"]

MIGRATIONS = Path(__file__).with_name("migrations")


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the Payments schema to `revision` (Alembic `upgrade`)."""
    persistence.migrate(engine, MIGRATIONS, revision)
