"""The Payment aggregate and the deterministic outcome rule of the contract."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from reference.payments.domain import events


class PaymentStatus(enum.StrEnum):
    """`pending` until processed; `successful` and `failed` are final."""

    PENDING = "pending"
    SUCCESSFUL = "successful"
    FAILED = "failed"


# method -> (final status, failure reason): `card` always succeeds, `test_declined` never does.
OUTCOMES: dict[str, tuple[PaymentStatus, str | None]] = {
    "card": (PaymentStatus.SUCCESSFUL, None),
    "test_declined": (PaymentStatus.FAILED, "card_declined"),
}


class PaymentAlreadyFinal(Exception):
    """A final payment cannot be processed again."""


@dataclass
class Payment:
    """A payment for one order; collects the domain events its changes raise."""

    id: str
    order_id: str
    method: str
    status: PaymentStatus
    created_at: datetime
    failure_reason: str | None = None
    events: list[events.Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def initiate(cls, payment_id: str, order_id: str, method: str, now: datetime) -> Payment:
        """A new pending payment (raises PaymentCreated)."""
        if method not in OUTCOMES:
            raise ValueError(f"unknown payment method {method!r}")
        payment = cls(payment_id, order_id, method, PaymentStatus.PENDING, now)
        payment.events.append(events.PaymentCreated(payment_id, order_id, method))
        return payment

    def process(self) -> None:
        """Settle by the method's deterministic outcome (raises PaymentSucceeded/PaymentFailed)."""
        if self.status is not PaymentStatus.PENDING:
            raise PaymentAlreadyFinal(f"payment {self.id} is already {self.status}")
        self.status, self.failure_reason = OUTCOMES[self.method]
        if self.status is PaymentStatus.SUCCESSFUL:
            self.events.append(events.PaymentSucceeded(self.id, self.order_id, self.method))
        else:
            reason = self.failure_reason or "card_declined"
            self.events.append(events.PaymentFailed(self.id, self.order_id, self.method, reason))
