"""Payments' handlers on an in-memory unit of work: the service layer's rules, without a
database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reference.payments.domain import commands, events
from reference.payments.service_layer import handlers
from reference.shared.idempotency_key import IdempotencyKey
from reference.shared.not_found import NotFound
from reference.shared.persistence import IdempotencyKeyReused
from tests.reference.fake_unit_of_work import FakePaymentsUnitOfWork

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)


def pay(uow, order_id="o-1", method="card", key=None):
    body = {"orderId": order_id, "method": method}
    cmd = commands.CreatePayment(order_id, method, IdempotencyKey.of(key, body))
    return handlers.create_payment(cmd, uow, lambda: NOW)


@pytest.mark.parametrize(
    ("method", "status", "outcome"),
    [
        ("card", "successful", events.PaymentSucceeded),
        ("test_declined", "failed", events.PaymentFailed),
    ],
)
def test_a_payment_is_settled_at_once_and_its_outcome_recorded(method, status, outcome):
    uow = FakePaymentsUnitOfWork()
    reply = pay(uow, method=method)
    assert (reply.status, reply.body["status"]) == (201, status)
    assert [type(e) for e in uow.recorded] == [events.PaymentCreated, outcome]
    assert handlers.get_payment(reply.body["id"], uow)["status"] == status


def test_the_order_id_as_key_replays_the_payment_and_another_body_is_refused():
    uow = FakePaymentsUnitOfWork()
    first = pay(uow, key="o-1")
    assert pay(uow, key="o-1").body == first.body and len(uow.payments.rows) == 1
    with pytest.raises(IdempotencyKeyReused):
        pay(uow, method="test_declined", key="o-1")


def test_an_unknown_payment_is_not_found():
    with pytest.raises(NotFound):
        handlers.get_payment("nope", FakePaymentsUnitOfWork())
