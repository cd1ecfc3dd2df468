"""The Order aggregate and its state machine: pending -> paid -> shipped -> delivered."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from reference.orders.domain import events


class OrderStatus(enum.StrEnum):
    """Where an order is in its life; it moves one step forward at a time."""

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"


NEXT_STATUS: dict[OrderStatus, OrderStatus] = {
    OrderStatus.PENDING: OrderStatus.PAID,
    OrderStatus.PAID: OrderStatus.SHIPPED,
    OrderStatus.SHIPPED: OrderStatus.DELIVERED,
}


class IllegalTransition(Exception):
    """The requested status is not the single next step of the current one."""

    def __init__(self, current: OrderStatus, requested: OrderStatus) -> None:
        self.current, self.requested = current, requested
        allowed = NEXT_STATUS.get(current)
        hint = f"the next status is {allowed}" if allowed else f"{current} is final"
        super().__init__(f"Cannot change status from {current} to {requested}; {hint}.")


@dataclass
class Order:
    """A customer's order; collects the domain events its changes raise."""

    id: str
    customer_id: str
    items: list[str]
    payment_method: str
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    payment_id: str | None = None
    payment_failure: str | None = None
    events: list[events.Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def place(
        cls, order_id: str, customer_id: str, items: list[str], payment_method: str, now: datetime
    ) -> Order:
        """A new pending order (raises OrderCreated)."""
        order = cls(
            order_id, customer_id, list(items), payment_method, OrderStatus.PENDING, now, now
        )
        order.events.append(events.OrderCreated(order_id, customer_id, list(items), payment_method))
        return order

    def change_status(self, requested: OrderStatus | str, now: datetime) -> None:
        """Move one step forward, or raise IllegalTransition (skip, backward, repeat, final)."""
        requested = OrderStatus(requested)
        if NEXT_STATUS.get(self.status) != requested:
            raise IllegalTransition(self.status, requested)
        previous, self.status, self.updated_at = self.status, requested, now
        self.events.append(events.OrderStatusChanged(self.id, requested, previous))

    def record_payment_success(self, payment_id: str, now: datetime) -> bool:
        """A payment succeeded: a pending order becomes paid; False when it was not pending."""
        if self.status is not OrderStatus.PENDING:
            return False
        self.payment_id, self.payment_failure = payment_id, None
        self.change_status(OrderStatus.PAID, now)
        return True

    def record_payment_failure(self, payment_id: str, reason: str, now: datetime) -> None:
        """A payment failed: the order stays as it is; the failure is kept and announced."""
        self.payment_id, self.payment_failure, self.updated_at = payment_id, reason, now
        self.events.append(events.OrderPaymentFailed(self.id, payment_id, reason))
