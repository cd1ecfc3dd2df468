"""Orders' handlers on an in-memory unit of work: the service layer's rules, without a database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reference.orders.domain import commands, events
from reference.orders.domain.model import IllegalTransition
from reference.orders.service_layer import handlers
from reference.shared.idempotency_key import IdempotencyKey
from reference.shared.not_found import NotFound
from reference.shared.persistence import IdempotencyKeyReused
from tests.reference.fake_unit_of_work import FakeOrdersUnitOfWork

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)
BODY = {"customerId": "c-1", "items": ["book"]}


def _now() -> datetime:
    return NOW


def create(uow, body=BODY, key=None, method="card"):
    cmd = commands.CreateOrder(
        body["customerId"], body["items"], method, IdempotencyKey.of(key, body)
    )
    return handlers.create_order(cmd, uow, _now)


def test_a_new_order_is_pending_its_payment_is_queued_and_order_created_is_recorded():
    uow = FakeOrdersUnitOfWork()
    reply = create(uow, method="test_declined")
    assert (reply.status, reply.body["status"], reply.replayed) == (201, "pending", False)
    assert uow.payment_requests.queued == [(reply.body["id"], "test_declined")]
    assert uow.commits == 1
    assert [type(e) for e in uow.recorded] == [events.OrderCreated]


def test_the_same_key_and_body_replay_the_first_order_and_another_body_is_refused():
    uow = FakeOrdersUnitOfWork()
    first = create(uow, key="k-1")
    again = create(uow, key="k-1")
    assert again.replayed and again.body == first.body and len(uow.orders.rows) == 1
    with pytest.raises(IdempotencyKeyReused):
        create(uow, {"customerId": "c-2", "items": ["pen"]}, key="k-1")
    assert len(uow.orders.rows) == 1


def test_without_a_key_every_request_is_a_new_order():
    uow = FakeOrdersUnitOfWork()
    assert create(uow).body["id"] != create(uow).body["id"]
    assert len(uow.orders.rows) == 2


def test_an_unknown_order_is_not_found():
    with pytest.raises(NotFound):
        handlers.get_order("nope", FakeOrdersUnitOfWork())


def test_a_payment_success_makes_the_order_paid_then_it_moves_one_step_at_a_time():
    uow = FakeOrdersUnitOfWork()
    order_id = create(uow).body["id"]
    handlers.on_payment_succeeded(commands.RecordPaymentSuccess(order_id, "p-1"), uow, _now)
    assert handlers.get_order(order_id, uow)["status"] == "paid"
    shipped = commands.ChangeOrderStatus(order_id, "shipped")
    assert handlers.change_order_status(shipped, uow, _now)["status"] == "shipped"
    with pytest.raises(IllegalTransition):
        handlers.change_order_status(commands.ChangeOrderStatus(order_id, "paid"), uow, _now)
    changes = [(e.previous_status, e.status) for e in uow.recorded if hasattr(e, "status")]
    assert changes == [("pending", "paid"), ("paid", "shipped")]


def test_a_page_counts_every_order_and_holds_at_most_limit():
    uow = FakeOrdersUnitOfWork()
    for _ in range(3):
        create(uow)
    page = handlers.list_orders(2, 1, uow)
    assert (len(page["items"]), page["total"]) == (2, 3)
