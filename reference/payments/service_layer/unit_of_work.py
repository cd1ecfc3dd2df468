"""Payments' unit of work: the shared one (reference.shared.persistence) with its repository."""

from __future__ import annotations

import sqlalchemy as sa

from reference.payments.adapters.repository import PaymentRepository
from reference.payments.domain.model import Payment
from reference.shared import persistence


class AbstractUnitOfWork(persistence.AbstractUnitOfWork):
    """What Payments' handlers see: its repository over one transaction (a fake in fast tests)."""

    payments: PaymentRepository


class SqlUnitOfWork(persistence.SqlUnitOfWork, AbstractUnitOfWork):
    """Payments and idempotency keys over one transaction, events recorded in the outbox."""

    payments: PaymentRepository

    def _open_repositories(self, connection: sa.Connection) -> None:
        self.payments = PaymentRepository(connection)

    def _aggregates(self) -> list[Payment]:
        return self.payments.seen
