"""Repositories over one SQLAlchemy Connection: payments and idempotency keys."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from reference.payments.adapters.orm import idempotency_keys, payments
from reference.payments.domain.model import Payment, PaymentStatus


def aware(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class PaymentRepository:
    """Loads and stores Payment aggregates; remembers the ones it handed out (`seen`)."""

    def __init__(self, connection: sa.Connection) -> None:
        self._conn = connection
        self.seen: list[Payment] = []

    def add(self, payment: Payment) -> None:
        """Insert a new payment."""
        self._conn.execute(payments.insert().values(**_row(payment)))
        self.seen.append(payment)

    def get(self, payment_id: str) -> Payment | None:
        """The payment, or None."""
        query = sa.select(payments).where(payments.c.id == payment_id)
        row = self._conn.execute(query).mappings().first()
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
        del values["id"]
        self._conn.execute(payments.update().where(payments.c.id == payment.id).values(**values))


def _row(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "order_id": payment.order_id,
        "method": payment.method,
        "status": str(payment.status),
        "failure_reason": payment.failure_reason,
        "created_at": payment.created_at,
    }


@dataclass(frozen=True)
class StoredResponse:
    """The response first given to an idempotent request."""

    request_hash: str
    status: int
    body: Any


class IdempotencyStore:
    """Responses kept by (operation, Idempotency-Key)."""

    def __init__(self, connection: sa.Connection) -> None:
        self._conn = connection

    def get(self, operation: str, key: str) -> StoredResponse | None:
        """The stored response of this key on this operation, or None."""
        query = sa.select(idempotency_keys).where(
            idempotency_keys.c.operation == operation, idempotency_keys.c.key == key
        )
        row = self._conn.execute(query).mappings().first()
        if row is None:
            return None
        return StoredResponse(row["request_hash"], row["status"], json.loads(row["body"]))

    def put(self, operation: str, key: str, stored: StoredResponse, now: datetime) -> None:
        """Keep the response (a concurrent twin makes the commit fail on the primary key)."""
        self._conn.execute(
            idempotency_keys.insert().values(
                operation=operation,
                key=key,
                request_hash=stored.request_hash,
                status=stored.status,
                body=json.dumps(stored.body),
                created_at=now,
            )
        )
