"""Persistence shared by the services: engines, migrations, units of work, idempotency.

Each service keeps only its schema, repositories and migration scripts:

    engine = create_engine(settings.database_url)   # SQLite file or PostgreSQL by URL
    migrate(engine, Path(__file__).with_name("migrations"))

    # migrations/env.py
    run_migrations(metadata)

    # orm.py: the service's tables, plus
    idempotency_keys = add_idempotency_table(metadata)

    class SqlUnitOfWork(persistence.SqlUnitOfWork):
        def _open_repositories(self, connection): self.orders = OrderRepository(connection)
        def _aggregates(self): return self.orders.seen

    reply = run_idempotent(uow, "createOrder", cmd.idempotency, produce, now)
"""

from .engine import aware, create_engine
from .idempotency import (
    IDEMPOTENCY_KEYS,
    RETENTION,
    IdempotencyKeyReused,
    IdempotencyStore,
    Reply,
    StoredResponse,
    add_idempotency_table,
    create_idempotency_table,
    drop_idempotency_table,
    purge_when_due,
    run_idempotent,
)
from .migrations import migrate, run_migrations
from .unit_of_work import (
    AbstractUnitOfWork,
    ConcurrentRequest,
    ConnectionUnitOfWork,
    SqlUnitOfWork,
    UnitOfWork,
)

__all__ = [
    "IDEMPOTENCY_KEYS",
    "RETENTION",
    "AbstractUnitOfWork",
    "ConcurrentRequest",
    "ConnectionUnitOfWork",
    "IdempotencyKeyReused",
    "IdempotencyStore",
    "Reply",
    "SqlUnitOfWork",
    "StoredResponse",
    "UnitOfWork",
    "add_idempotency_table",
    "aware",
    "create_engine",
    "create_idempotency_table",
    "drop_idempotency_table",
    "migrate",
    "purge_when_due",
    "run_idempotent",
    "run_migrations",
]
