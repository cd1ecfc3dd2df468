"""Reconciling a requested payment whose outcome never arrived: read it back from Payments.

The outcome event can be lost (the filesystem broker deletes a message when it is taken, before
the ack), so a payment requested some time ago with no recorded outcome is read back with
GET /payments/{id} and applied exactly as the event consumer would: idempotently, so a late event
or a second check changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from reference.orders.adapters.payments_client import PaymentRequestFailed, PaymentsClient
from reference.orders.adapters.repository import RequestedPayment
from reference.orders.domain import commands
from reference.orders.service_layer import handlers
from reference.orders.service_layer.unit_of_work import AbstractUnitOfWork
from reference.shared.clock import utcnow

log = logging.getLogger("reference.orders")


def reconcile_payment(
    pending: RequestedPayment,
    uow: Callable[[], AbstractUnitOfWork],
    client: PaymentsClient,
    now: Callable[[], datetime] = utcnow,
) -> bool:
    """Apply the payment's outcome if Payments has one; False when it must be checked again."""
    try:
        payment = client.get_payment(pending.payment_id) if pending.payment_id else None
    except PaymentRequestFailed as exc:
        _check_later(pending, exc.reason, uow, now)
        return False
    if payment is None:
        log.warning("payment of order %s unknown to Payments: requesting it again",
                    pending.order_id)  # fmt: skip
        with uow() as work:
            work.payment_requests.request_again(pending.order_id, now())
            work.commit()
        return True
    return _apply(pending, payment, uow, now)


def _apply(
    pending: RequestedPayment,
    payment: dict[str, Any],
    uow: Callable[[], AbstractUnitOfWork],
    now: Callable[[], datetime],
) -> bool:
    status, payment_id = payment.get("status"), str(payment.get("id"))
    if status == "successful":
        with uow() as work:
            handlers.on_payment_succeeded(
                commands.RecordPaymentSuccess(pending.order_id, payment_id), work, now
            )
    elif status == "failed":
        reason = str(payment.get("failureReason") or "unknown")
        with uow() as work:
            handlers.on_payment_failed(
                commands.RecordPaymentFailure(pending.order_id, payment_id, reason), work, now
            )
    else:
        _check_later(pending, f"payment {payment_id} is still {status}", uow, now)
        return False
    log.info("payment %s of order %s reconciled: %s", payment_id, pending.order_id, status)
    return True


def _check_later(
    pending: RequestedPayment,
    reason: str,
    uow: Callable[[], AbstractUnitOfWork],
    now: Callable[[], datetime],
) -> None:
    checks = pending.checks + 1
    delay = handlers.backoff(checks)
    with uow() as work:
        work.payment_requests.check_later(
            pending.order_id, reason, now() + timedelta(seconds=delay), checks
        )
        work.commit()
    log.warning("payment of order %s not reconciled (check again in %.1fs): %s",
                pending.order_id, delay, reason)  # fmt: skip
