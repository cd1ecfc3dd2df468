"""Alembic migrations of the Payments schema (applied by `adapters.db.migrate`)."""
