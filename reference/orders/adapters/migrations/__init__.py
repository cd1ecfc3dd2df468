"""Alembic migrations of the Orders schema (applied by `reference.orders.adapters.db.migrate`)."""
