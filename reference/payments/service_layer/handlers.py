"""Payments handlers: plain functions over a unit of work (wired with dependencies in bootstrap)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from reference.payments.domain import commands
from reference.payments.domain.model import Payment
from reference.payments.service_layer.unit_of_work import AbstractUnitOfWork
from reference.payments.service_layer.views import payment_view
from reference.shared.clock import utcnow
from reference.shared.not_found import found
from reference.shared.persistence import Reply, run_idempotent


def create_payment(
    cmd: commands.CreatePayment, uow: AbstractUnitOfWork, now: Callable[[], datetime] = utcnow
) -> Reply:
    """Initiate and settle a payment in one transaction (its final event goes to the outbox)."""

    def produce(uow: AbstractUnitOfWork) -> Reply:
        payment = Payment.initiate(str(uuid.uuid4()), cmd.order_id, cmd.method, now())
        payment.process()
        uow.payments.add(payment)
        return Reply(201, payment_view(payment))

    return run_idempotent(uow, "createPayment", cmd.idempotency, produce, now)


def get_payment(payment_id: str, uow: AbstractUnitOfWork) -> dict[str, Any]:
    """The payment's view, or NotFound."""
    with uow.reading():
        payment = uow.payments.get(payment_id)
    return payment_view(found("Payment", payment_id, payment))
