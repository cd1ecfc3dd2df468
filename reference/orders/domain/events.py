"""Domain events of an order (past tense); the service layer maps them to CloudEvents and logs."""

from __future__ import annotations

from dataclasses import dataclass


class Event:
    """Base class of the order's domain events."""


@dataclass(frozen=True)
class OrderCreated(Event):
    """A new order was placed (status pending)."""

    order_id: str
    customer_id: str
    items: list[str]
    payment_method: str


@dataclass(frozen=True)
class OrderStatusChanged(Event):
    """An order moved one step forward."""

    order_id: str
    status: str
    previous_status: str


@dataclass(frozen=True)
class OrderPaymentFailed(Event):
    """The order's payment was declined; the order stays pending."""

    order_id: str
    payment_id: str
    reason: str
