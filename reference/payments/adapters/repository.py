"""Repositories over one SQLAlchemy Connection: payments."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from reference.payments.adapters.orm import payments
from reference.payments.domain.model import Payment, PaymentStatus
from reference.shared.persistence import aware

# Built once, values bound at execution (see reference/orders/adapters/repository.py).
_BY_ID = sa.select(payments).where(payments.c.id == sa.bindparam("payment_id"))
_UPDATE = payments.update().where(payments.c.id == sa.bindparam("payment_id"))


class PaymentRepository:
    """Loads and stores Payment aggregates; remembers the ones it handed out (`seen`)."""

    def __init__(self, connection: sa.Connection) -> None:
        self._conn = connection
        self.seen: list[Payment] = []

    def add(self, payment: Payment) -> None:
        """Insert a new payment."""
        self._conn.execute(payments.insert(), _row(payment))
        self.seen.append(payment)

    def get(self, payment_id: str) -> Payment | None:
        """The payment, or None."""
        row = self._conn.execute(_BY_ID, {"payment_id": payment_id}).mappings().first()
        if row is None:
            return None
        payment = Payment(
            id=row["id"],
            order_id=row["order_id"],
            method=row["method"],
            status=PaymentStatus(row["status"]),
            created_at=aware(row["created_at"]),
            failure_reason=row["failure_reason"],
        )
        self.seen.append(payment)
        return payment

    def save(self, payment: Payment) -> None:
        """Write back a changed payment."""
        values = _row(payment)
        values["payment_id"] = values.pop("id")
        self._conn.execute(_UPDATE, values)


def _row(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "order_id": payment.order_id,
        "method": payment.method,
        "status": str(payment.status),
        "failure_reason": payment.failure_reason,
        "created_at": payment.created_at,
    }
