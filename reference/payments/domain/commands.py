"""Commands the Payments service handles (imperative names)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CreatePayment:
    """Take a payment for an order with `method`."""

    order_id: str
    method: str = "card"
