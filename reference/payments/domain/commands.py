"""Commands the Payments service handles (imperative names)."""

from __future__ import annotations

from dataclasses import dataclass

from reference.shared.idempotency_key import IdempotencyKey


@dataclass(frozen=True)
class CreatePayment:
    """Take a payment for an order with `method`."""

    order_id: str
    method: str = "card"
    idempotency: IdempotencyKey | None = None  # the client's key: a retry replays the first
