"""Orders' units of work: the shared ones (reference.shared.persistence) with its repositories."""

from __future__ import annotations

import sqlalchemy as sa

from reference.orders.adapters.repository import OrderRepository, PaymentRequestQueue
from reference.orders.domain.model import Order
from reference.shared import persistence


class AbstractUnitOfWork(persistence.AbstractUnitOfWork):
    """What Orders' handlers see: its repositories over one transaction (a fake in fast tests)."""

    orders: OrderRepository
    payment_requests: PaymentRequestQueue


class _OrdersRepositories:
    """The repositories every Orders unit of work opens on its connection."""

    orders: OrderRepository
    payment_requests: PaymentRequestQueue

    def _open_repositories(self, connection: sa.Connection) -> None:
        self.orders = OrderRepository(connection)
        self.payment_requests = PaymentRequestQueue(connection)

    def _aggregates(self) -> list[Order]:
        return self.orders.seen


class SqlUnitOfWork(_OrdersRepositories, persistence.SqlUnitOfWork, AbstractUnitOfWork):
    """A unit of work on its own connection (the HTTP handlers, the payment requester)."""


class ConnectionUnitOfWork(
    _OrdersRepositories, persistence.ConnectionUnitOfWork, AbstractUnitOfWork
):
    """A unit of work inside the event consumer's transaction."""
