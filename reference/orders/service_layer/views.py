"""The JSON shapes of the Orders API (the `Order` and `OrderPage` schemas)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reference.orders.domain.model import Order, OrderPayment


def rfc3339(value: datetime) -> str:
    """UTC, millisecond precision, `Z` suffix."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def order_view(order: Order) -> dict[str, Any]:
    """The `Order` schema; `payment` once Orders knows of one."""
    view: dict[str, Any] = {
        "id": order.id,
        "status": str(order.status),
        "customerId": order.customer_id,
        "items": list(order.items),
        "paymentMethod": order.payment_method,
        "createdAt": rfc3339(order.created_at),
        "updatedAt": rfc3339(order.updated_at),
    }
    if order.payment is not None:
        view["payment"] = payment_view(order.payment)
    return view


def payment_view(payment: OrderPayment) -> dict[str, Any]:
    """The `OrderPayment` schema; `failureReason` only when failed."""
    view = {"id": payment.id, "status": str(payment.status)}
    if payment.failure_reason:
        view["failureReason"] = payment.failure_reason
    return view


def page_view(orders: list[Order], limit: int, offset: int, total: int) -> dict[str, Any]:
    """The `OrderPage` schema."""
    return {
        "items": [order_view(o) for o in orders],
        "limit": limit,
        "offset": offset,
        "total": total,
    }
