"""The JSON shapes of the Orders API (the `Order` and `OrderPage` schemas)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reference.orders.domain.model import Order


def rfc3339(value: datetime) -> str:
    """UTC, millisecond precision, `Z` suffix."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def order_view(order: Order) -> dict[str, Any]:
    """The `Order` schema."""
    return {
        "id": order.id,
        "status": str(order.status),
        "customerId": order.customer_id,
        "items": list(order.items),
        "paymentMethod": order.payment_method,
        "createdAt": rfc3339(order.created_at),
        "updatedAt": rfc3339(order.updated_at),
    }


def page_view(orders: list[Order], limit: int, offset: int, total: int) -> dict[str, Any]:
    """The `OrderPage` schema."""
    return {
        "items": [order_view(o) for o in orders],
        "limit": limit,
        "offset": offset,
        "total": total,
    }
