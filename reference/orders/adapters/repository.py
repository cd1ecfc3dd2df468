"""Repositories over one SQLAlchemy Connection: orders and payment requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from reference.orders.adapters.orm import orders, payment_requests
from reference.orders.domain.model import Order, OrderPayment, OrderStatus, PaymentStatus
from reference.shared.persistence import aware

# Statements built once, values bound at execution: SQLAlchemy then reuses the compiled form
# (built per call with `.values(...)`, their cache keys cost more than the SQLite round trip).
_BY_ID = sa.select(orders).where(orders.c.id == sa.bindparam("order_id"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update()
_UPDATE_ORDER = orders.update().where(orders.c.id == sa.bindparam("order_id"))
_UPDATE_REQUEST = payment_requests.update().where(
    payment_requests.c.order_id == sa.bindparam("request_order_id")
)


class OrderRepository:
    """Loads and stores Order aggregates; remembers the ones it handed out (`seen`)."""

    def __init__(self, connection: sa.Connection) -> None:
        self._conn = connection
        self.seen: list[Order] = []

    def add(self, order: Order) -> None:
        """Insert a new order."""
        self._conn.execute(orders.insert(), _row(order))
        self.seen.append(order)

    def get(self, order_id: str, for_update: bool = False) -> Order | None:
        """The order, or None; `for_update` locks its row until the transaction ends."""
        query = _BY_ID_FOR_UPDATE if for_update else _BY_ID
        row = self._conn.execute(query, {"order_id": order_id}).mappings().first()
        if row is None:
            return None
        order = _order(row)
        self.seen.append(order)
        return order

    def save(self, order: Order) -> None:
        """Write back a changed order."""
        values = _row(order)
        values["order_id"] = values.pop("id")
        self._conn.execute(_UPDATE_ORDER, values)

    def page(self, limit: int, offset: int) -> tuple[list[Order], int]:
        """One page ordered by creation time then id, and the collection's size."""
        query = sa.select(orders).order_by(orders.c.created_at, orders.c.id)
        rows = self._conn.execute(query.limit(limit).offset(offset)).mappings().all()
        total = self._conn.execute(sa.select(sa.func.count()).select_from(orders)).scalar_one()
        return [_order(row) for row in rows], total


def _row(order: Order) -> dict[str, Any]:
    payment = order.payment
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "items": list(order.items),
        "payment_method": order.payment_method,
        "status": str(order.status),
        "payment_id": payment.id if payment else None,
        "payment_status": str(payment.status) if payment else None,
        "payment_failure": payment.failure_reason if payment else None,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }


def _order(row: Any) -> Order:
    return Order(
        id=row["id"],
        customer_id=row["customer_id"],
        items=list(row["items"]),
        payment_method=row["payment_method"],
        status=OrderStatus(row["status"]),
        created_at=aware(row["created_at"]),
        updated_at=aware(row["updated_at"]),
        payment=_payment(row),
    )


def _payment(row: Any) -> OrderPayment | None:
    if row["payment_id"] is None or row["payment_status"] is None:
        return None
    status = PaymentStatus(row["payment_status"])
    return OrderPayment(row["payment_id"], status, row["payment_failure"])


@dataclass(frozen=True)
class PaymentRequest:
    """One order whose payment is still to be requested."""

    order_id: str
    method: str
    traceparent: str | None
    attempts: int


@dataclass(frozen=True)
class RequestedPayment:
    """A payment Payments accepted whose outcome Orders has not recorded yet."""

    order_id: str
    payment_id: str | None
    checks: int


class PaymentRequestQueue:
    """The durable list of payments to request from Payments."""

    def __init__(self, connection: sa.Connection) -> None:
        self._conn = connection

    def add(self, order_id: str, method: str, traceparent: str | None, now: datetime) -> None:
        """Queue the payment request of a new order."""
        self._conn.execute(
            payment_requests.insert(),
            {
                "order_id": order_id,
                "method": method,
                "traceparent": traceparent,
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": now,
            },
        )

    def due(self, now: datetime, limit: int = 20) -> list[PaymentRequest]:
        """Pending requests whose next attempt is due, oldest first."""
        table = payment_requests
        query = sa.select(table.c.order_id, table.c.method, table.c.traceparent, table.c.attempts)
        query = query.where(table.c.state == "pending", table.c.next_attempt_at <= now)
        rows = self._conn.execute(query.order_by(table.c.next_attempt_at).limit(limit)).all()
        return [PaymentRequest(*row) for row in rows]

    def next_due(self) -> datetime | None:
        """When the earliest pending request is due."""
        table = payment_requests
        query = sa.select(sa.func.min(table.c.next_attempt_at)).where(table.c.state == "pending")
        value = self._conn.execute(query).scalar()
        return aware(value) if value is not None else None

    def mark_requested(self, order_id: str, payment_id: str | None, now: datetime) -> None:
        """Payments accepted the request."""
        self._update(order_id, state="requested", requested_at=now, payment_id=payment_id)

    def unsettled(
        self, requested_before: datetime, now: datetime, limit: int = 20
    ) -> list[RequestedPayment]:
        """Payments requested before `requested_before` whose order has no outcome yet, and
        whose next check is due (`next_attempt_at`, reused once a request is made)."""
        table = payment_requests
        query = sa.select(table.c.order_id, table.c.payment_id, table.c.attempts)
        query = query.join(orders, orders.c.id == table.c.order_id).where(
            table.c.state == "requested",
            table.c.requested_at <= requested_before,
            table.c.next_attempt_at <= now,
            sa.or_(orders.c.payment_status.is_(None), orders.c.payment_status == "pending"),
        )
        rows = self._conn.execute(query.order_by(table.c.requested_at).limit(limit)).all()
        return [RequestedPayment(*row) for row in rows]

    def check_later(self, order_id: str, error: str, check_at: datetime, checks: int) -> None:
        """A check found no outcome (Payments unreachable, or still deciding): look again."""
        self._update(order_id, next_attempt_at=check_at, attempts=checks, last_error=error[:2000])

    def request_again(self, order_id: str, now: datetime) -> None:
        """Payments does not know the payment: request it again (same Idempotency-Key)."""
        self._update(order_id, state="pending", next_attempt_at=now, attempts=0, payment_id=None)

    def mark_failed(
        self, order_id: str, error: str, retry_at: datetime | None, attempts: int
    ) -> None:
        """The attempt failed: retry at `retry_at`, or give up when it is None."""
        values: dict[str, Any] = {"attempts": attempts, "last_error": error[:2000]}
        if retry_at is None:
            values["state"] = "abandoned"
        else:
            values["next_attempt_at"] = retry_at
        self._update(order_id, **values)

    def _update(self, order_id: str, **values: Any) -> None:
        self._conn.execute(_UPDATE_REQUEST, {**values, "request_order_id": order_id})
