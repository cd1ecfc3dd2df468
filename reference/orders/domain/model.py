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


class PaymentStatus(enum.StrEnum):
    """The order's payment as Orders last heard of it: requested, then one final outcome."""

    PENDING = "pending"
    SUCCESSFUL = "successful"
    FAILED = "failed"


@dataclass(frozen=True)
class OrderPayment:
    """The payment Payments took for the order; `failure_reason` only when it failed."""

    id: str
    status: PaymentStatus
    failure_reason: str | None = None


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
    payment: OrderPayment | None = None
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

    def record_payment_requested(self, payment_id: str, now: datetime) -> bool:
        """Payments accepted the request: the payment shows as pending, unless its outcome came
        first (events and the HTTP answer race); False when nothing changed."""
        if self.payment is not None:
            return False
        self.payment, self.updated_at = OrderPayment(payment_id, PaymentStatus.PENDING), now
        return True

    def record_payment_success(self, payment_id: str, now: datetime) -> bool:
        """A payment succeeded: it is recorded, and a pending order becomes paid; False when the
        order was not pending (its status is left as it is)."""
        self.payment, self.updated_at = OrderPayment(payment_id, PaymentStatus.SUCCESSFUL), now
        if self.status is not OrderStatus.PENDING:
            return False
        self.change_status(OrderStatus.PAID, now)
        return True

    def record_payment_failure(self, payment_id: str, reason: str, now: datetime) -> None:
        """A payment failed: the order keeps its status; the failure is kept and announced once
        (the event and a reconciliation may both report it)."""
        failed = OrderPayment(payment_id, PaymentStatus.FAILED, reason)
        if self.payment == failed:
            return
        self.payment = failed
        self.updated_at = now
        self.events.append(events.OrderPaymentFailed(self.id, payment_id, reason))
