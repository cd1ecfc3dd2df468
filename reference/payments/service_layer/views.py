"""The JSON shape of the Payments API (the `Payment` schema)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reference.payments.domain.model import Payment


def rfc3339(value: datetime) -> str:
    """UTC, millisecond precision, `Z` suffix."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def payment_view(payment: Payment) -> dict[str, Any]:
    """The `Payment` schema; `failureReason` only when failed."""
    view = {
        "id": payment.id,
        "orderId": payment.order_id,
        "method": payment.method,
        "status": str(payment.status),
        "createdAt": rfc3339(payment.created_at),
    }
    if payment.failure_reason:
        view["failureReason"] = payment.failure_reason
    return view
