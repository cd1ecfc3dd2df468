"""Orders handlers: plain functions over a unit of work (wired with dependencies in bootstrap)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from reference.orders.adapters.payments_client import PaymentRequestFailed, PaymentsClient
from reference.orders.adapters.repository import PaymentRequest
from reference.orders.domain import commands
from reference.orders.domain.model import Order
from reference.orders.service_layer.unit_of_work import AbstractUnitOfWork
from reference.orders.service_layer.views import order_view, page_view
from reference.shared.clock import utcnow
from reference.shared.logs import log_lifecycle
from reference.shared.not_found import found
from reference.shared.persistence import Reply, run_idempotent
from reference.shared.tracing import current_traceparent

log = logging.getLogger("reference.orders")


def create_order(
    cmd: commands.CreateOrder, uow: AbstractUnitOfWork, now: Callable[[], datetime] = utcnow
) -> Reply:
    """Place a pending order and queue its payment request, in one transaction."""

    def produce(uow: AbstractUnitOfWork) -> Reply:
        order = Order.place(
            str(uuid.uuid4()), cmd.customer_id, cmd.items, cmd.payment_method, now()
        )
        uow.orders.add(order)
        uow.payment_requests.add(order.id, order.payment_method, current_traceparent(), now())
        return Reply(201, order_view(order))

    return run_idempotent(uow, "createOrder", cmd.idempotency, produce, now)


def get_order(order_id: str, uow: AbstractUnitOfWork) -> dict[str, Any]:
    """The order's view, or NotFound."""
    with uow.reading():
        order = uow.orders.get(order_id)
    return order_view(found("Order", order_id, order))


def list_orders(limit: int, offset: int, uow: AbstractUnitOfWork) -> dict[str, Any]:
    """One page of orders by creation time, then id."""
    with uow.reading():
        orders, total = uow.orders.page(limit, offset)
    return page_view(orders, limit, offset, total)


def change_order_status(
    cmd: commands.ChangeOrderStatus, uow: AbstractUnitOfWork, now: Callable[[], datetime] = utcnow
) -> dict[str, Any]:
    """Move the order one step forward (IllegalTransition otherwise) and publish order.updated."""
    with uow:
        order = found("Order", cmd.order_id, uow.orders.get(cmd.order_id, for_update=True))
        order.change_status(cmd.status, now())
        uow.orders.save(order)
        uow.commit()
    return order_view(order)


def on_payment_succeeded(
    cmd: commands.RecordPaymentSuccess,
    uow: AbstractUnitOfWork,
    now: Callable[[], datetime] = utcnow,
) -> None:
    """The payment is recorded; a pending order becomes paid (order.updated), others keep their
    status."""
    order = uow.orders.get(cmd.order_id, for_update=True)
    if order is None:
        log.warning("payment %s succeeded for unknown order %s", cmd.payment_id, cmd.order_id)
        return
    if not order.record_payment_success(cmd.payment_id, now()):
        log.info("order %s is already %s; payment success recorded", order.id, order.status)
    uow.orders.save(order)
    uow.commit()


def on_payment_failed(
    cmd: commands.RecordPaymentFailure,
    uow: AbstractUnitOfWork,
    now: Callable[[], datetime] = utcnow,
) -> None:
    """The order stays as it is; the failure is recorded and logged (order.payment_failed)."""
    order = uow.orders.get(cmd.order_id, for_update=True)
    if order is None:
        log.warning("payment %s failed for unknown order %s", cmd.payment_id, cmd.order_id)
        return
    order.record_payment_failure(cmd.payment_id, cmd.reason, now())
    uow.orders.save(order)
    uow.commit()


def backoff(attempts: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Seconds before attempt `attempts + 1`: doubling from `base`, at most `cap`."""
    return min(base * 2 ** (attempts - 1), cap)


def request_payment(
    request: PaymentRequest,
    uow: AbstractUnitOfWork,
    client: PaymentsClient,
    now: Callable[[], datetime] = utcnow,
) -> bool:
    """Ask Payments for the order's payment; on failure schedule a retry (or give up on a 4xx)."""
    try:
        payment = client.request_payment(request.order_id, request.method)
    except PaymentRequestFailed as exc:
        attempts = request.attempts + 1
        retry_at = now() + timedelta(seconds=backoff(attempts)) if exc.retryable else None
        with uow:
            uow.payment_requests.mark_failed(request.order_id, exc.reason, retry_at, attempts)
            uow.commit()
        level = logging.WARNING if retry_at else logging.ERROR
        outcome = f"retry in {backoff(attempts):.1f}s" if retry_at else "given up"
        log.log(level, "payment request for order %s failed (%s): %s",
                request.order_id, outcome, exc.reason)  # fmt: skip
        return False
    with uow:
        uow.payment_requests.mark_requested(request.order_id, payment.get("id"), now())
        order = uow.orders.get(request.order_id, for_update=True)
        if order is not None and order.record_payment_requested(str(payment.get("id")), now()):
            uow.orders.save(order)
        uow.commit()
    log_lifecycle(
        log,
        "order.payment_requested",
        request.order_id,
        f"Payment requested from Payments (method {request.method})",
        payment_id=payment.get("id"),
    )
    return True
