"""The order state machine: exactly one step forward, anything else is IllegalTransition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reference.orders.domain import events
from reference.orders.domain.model import (
    IllegalTransition,
    Order,
    OrderPayment,
    OrderStatus,
    PaymentStatus,
)

T0 = datetime(2025, 1, 15, 10, 30, tzinfo=UTC)
STATUSES = list(OrderStatus)
ALLOWED = {("pending", "paid"), ("paid", "shipped"), ("shipped", "delivered")}


def order_in(status: str) -> Order:
    order = Order.place("o-1", "cust-42", ["sku-1"], "card", T0)
    order.status = OrderStatus(status)
    order.events.clear()
    return order


def test_a_placed_order_is_pending_and_raises_order_created():
    order = Order.place("o-1", "cust-42", ["sku-1", "sku-2"], "test_declined", T0)
    assert order.status is OrderStatus.PENDING
    assert order.created_at == order.updated_at == T0
    assert order.events == [
        events.OrderCreated("o-1", "cust-42", ["sku-1", "sku-2"], "test_declined")
    ]


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("requested", STATUSES)
def test_every_transition(current, requested):
    order = order_in(current)
    later = T0 + timedelta(seconds=5)
    if (current, requested) in ALLOWED:
        order.change_status(requested, later)
        assert order.status == requested
        assert order.updated_at == later
        assert order.events == [events.OrderStatusChanged("o-1", requested, current)]
    else:
        with pytest.raises(IllegalTransition) as raised:
            order.change_status(requested, later)
        assert order.status == current and order.updated_at == T0 and not order.events
        assert current in str(raised.value) and requested in str(raised.value)


def test_delivered_is_final():
    with pytest.raises(IllegalTransition, match="delivered is final"):
        order_in("delivered").change_status("delivered", T0)


def test_payment_success_moves_a_pending_order_to_paid_only():
    order = order_in("pending")
    assert order.record_payment_success("p-1", T0) is True
    assert order.status is OrderStatus.PAID
    assert order.payment == OrderPayment("p-1", PaymentStatus.SUCCESSFUL)
    shipped = order_in("shipped")
    assert shipped.record_payment_success("p-2", T0) is False
    assert shipped.status is OrderStatus.SHIPPED and not shipped.events
    assert shipped.payment == OrderPayment("p-2", PaymentStatus.SUCCESSFUL)  # still the truth


def test_payment_failure_keeps_the_order_pending_and_records_it():
    order = order_in("pending")
    order.record_payment_failure("p-1", "card_declined", T0)
    assert order.status is OrderStatus.PENDING
    assert order.payment == OrderPayment("p-1", PaymentStatus.FAILED, "card_declined")
    assert order.events == [events.OrderPaymentFailed("o-1", "p-1", "card_declined")]


def test_a_requested_payment_is_pending_until_its_outcome_and_never_after():
    order = order_in("pending")
    later = T0 + timedelta(seconds=1)
    assert order.record_payment_requested("p-1", later) is True
    assert order.payment == OrderPayment("p-1", PaymentStatus.PENDING)
    assert order.updated_at == later and not order.events
    order.record_payment_failure("p-1", "card_declined", T0)
    # The outcome event may be consumed before Payments' answer to the request is recorded.
    assert order.record_payment_requested("p-1", later) is False
    assert order.payment == OrderPayment("p-1", PaymentStatus.FAILED, "card_declined")
