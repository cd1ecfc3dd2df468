"""Domain events of a payment (past tense); the service layer maps them to CloudEvents and logs."""

from __future__ import annotations

from dataclasses import dataclass


class Event:
    """Base class of the payment's domain events."""


@dataclass(frozen=True)
class PaymentCreated(Event):
    """A payment was initiated (status pending)."""

    payment_id: str
    order_id: str
    method: str


@dataclass(frozen=True)
class PaymentSucceeded(Event):
    """The payment ended successful."""

    payment_id: str
    order_id: str
    method: str


@dataclass(frozen=True)
class PaymentFailed(Event):
    """The payment ended failed."""

    payment_id: str
    order_id: str
    method: str
    reason: str
