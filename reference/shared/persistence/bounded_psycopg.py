"""A psycopg connection with a bound on every round trip (PostgreSQL engines only)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors


class BoundedConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every round trip ends within `answer_timeout` seconds.

    The server's statement_timeout cannot help when the server (or the network) is silent; on
    expiry the connection is closed, so SQLAlchemy sees a disconnect and discards its pool.
    """

    answer_timeout: float | None = None

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        """Consume `gen` like psycopg does, within the answer timeout."""
        bound = min(filter(None, (timeout, self.answer_timeout)), default=None)
        try:
            return super().wait(gen, interval=interval, timeout=bound)
        except errors._WaitTimeout:  # psycopg's own (internal) timeout error
            self.close()
            raise psycopg.OperationalError(f"no answer from the database in {bound} s") from None
