"""In-memory units of work for the services' handlers (the cosmicpython way): no database, no
broker; the domain events a commit would record are kept in `recorded`."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any, Self

from reference.orders.domain.model import Order
from reference.orders.service_layer.unit_of_work import AbstractUnitOfWork as OrdersUnitOfWork
from reference.payments.domain.model import Payment
from reference.payments.service_layer.unit_of_work import AbstractUnitOfWork as PaymentsUoW
from reference.shared.persistence import StoredResponse


def _stored(aggregate: Any) -> Any:
    """A copy as a row keeps it: state without the events not yet recorded."""
    row = copy.deepcopy(aggregate)
    row.events.clear()
    return row


class FakeIdempotencyRecords:
    """Responses by (operation, key), as `IdempotencyStore` keeps them."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], StoredResponse | None] = {}

    def claim(self, operation: str, key: str, digest: str, now: datetime) -> Any:
        return self.kept.setdefault((operation, key), None)

    def put(self, operation: str, key: str, stored: Any) -> None:
        self.kept[(operation, key)] = stored


class _FakeUnitOfWork:
    """The shared part: committed when `commit()` ran, events collected from `seen` aggregates."""

    def __init__(self) -> None:
        self.idempotency = FakeIdempotencyRecords()
        self.commits = 0
        self.recorded: list[Any] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1
        for aggregate in self._seen():
            self.recorded += aggregate.events
            aggregate.events.clear()

    @property
    def database(self) -> Any:
        return self

    def purge_idempotency_keys(self, before: datetime) -> int:
        return 0

    def _seen(self) -> list[Any]:
        raise NotImplementedError


class FakeOrders:
    """Orders by id; hands out copies, as a database would."""

    def __init__(self) -> None:
        self.rows: dict[str, Order] = {}
        self.seen: list[Order] = []

    def add(self, order: Order) -> None:
        self.rows[order.id] = _stored(order)
        self.seen.append(order)

    def get(self, order_id: str, for_update: bool = False) -> Order | None:
        found = self.rows.get(order_id)
        if found is None:
            return None
        order = copy.deepcopy(found)
        self.seen.append(order)
        return order

    def save(self, order: Order) -> None:
        self.rows[order.id] = _stored(order)

    def page(self, limit: int, offset: int) -> tuple[list[Order], int]:
        ordered = sorted(self.rows.values(), key=lambda o: (o.created_at, o.id))
        return [copy.deepcopy(o) for o in ordered[offset : offset + limit]], len(ordered)


class FakePaymentRequests:
    """The payment requests queued by new orders: (order id, method)."""

    def __init__(self) -> None:
        self.queued: list[tuple[str, str]] = []

    def add(self, order_id: str, method: str, traceparent: str | None, now: datetime) -> None:
        self.queued.append((order_id, method))


class FakeOrdersUnitOfWork(_FakeUnitOfWork, OrdersUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.orders: Any = FakeOrders()
        self.payment_requests: Any = FakePaymentRequests()

    def _seen(self) -> list[Any]:
        return self.orders.seen


class FakePayments:
    def __init__(self) -> None:
        self.rows: dict[str, Payment] = {}
        self.seen: list[Payment] = []

    def add(self, payment: Payment) -> None:
        self.rows[payment.id] = _stored(payment)
        self.seen.append(payment)

    def get(self, payment_id: str) -> Payment | None:
        found = self.rows.get(payment_id)
        return copy.deepcopy(found) if found is not None else None


class FakePaymentsUnitOfWork(_FakeUnitOfWork, PaymentsUoW):
    def __init__(self) -> None:
        super().__init__()
        self.payments: Any = FakePayments()

    def _seen(self) -> list[Any]:
        return self.payments.seen
