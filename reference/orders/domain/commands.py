"""Commands the Orders service handles (imperative names)."""

from __future__ import annotations

from dataclasses import dataclass

from reference.shared.idempotency_key import IdempotencyKey


@dataclass(frozen=True)
class CreateOrder:
    """Place an order and have it paid with `payment_method`."""

    customer_id: str
    items: list[str]
    payment_method: str = "card"
    idempotency: IdempotencyKey | None = None  # the client's key: a retry replays the first


@dataclass(frozen=True)
class ChangeOrderStatus:
    """Move an order one step forward."""

    order_id: str
    status: str


@dataclass(frozen=True)
class RecordPaymentSuccess:
    """Payments reports the order's payment succeeded."""

    order_id: str
    payment_id: str


@dataclass(frozen=True)
class RecordPaymentFailure:
    """Payments reports the order's payment failed."""

    order_id: str
    payment_id: str
    reason: str
