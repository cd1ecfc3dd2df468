"""The seed flow and its failure modes over real RabbitMQ and PostgreSQL.

What is agreed: both outcomes work end to end with each service on its own PostgreSQL database and
events on a RabbitMQ topic exchange; an event whose publish failed stays in the outbox and is
delivered later; a redelivered event changes nothing; a message that cannot be parsed ends in the
consumer's dead-letter queue instead of blocking it.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from reference.orders.adapters.orm import inbox, orders, outbox
from reference.orders.bootstrap import bootstrap
from reference.shared.auth import DevIssuer
from reference.shared.events import REASON_HEADER, Broker, OutboxRelay, new_event
from reference.shared.settings import Settings
from tests.reference.flow.flow_helpers import Deployment, Tap, eventually

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres, pytest.mark.slow]
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@pytest.fixture
def second_database(postgres_databases):
    """Another empty database beside `postgres_url` (Payments has its own)."""
    return postgres_databases()


@pytest.fixture
def amqp(rabbitmq_url):
    """A unique exchange and queue names on RabbitMQ, all deleted afterwards."""
    suffix = uuid.uuid4().hex[:10]
    broker = Broker(rabbitmq_url, f"accord.test.{suffix}")
    broker.queues = [f"orders.test.{suffix}", f"tap.test.{suffix}"]  # type: ignore[attr-defined]
    yield broker
    broker.close()
    with broker.connection() as conn:
        channel = conn.channel()
        for queue in broker.queues:  # type: ignore[attr-defined]
            channel.queue_delete(queue)
            channel.queue_delete(f"{queue}.dlq")
        channel.exchange_delete(broker.exchange.name)
        channel.exchange_delete(broker.dead_letter_exchange.name)


def test_both_outcomes_end_to_end(tmp_path, amqp, postgres_url, second_database):
    env = {
        "ACCORD_BROKER_URL": amqp.url,
        "ACCORD_EXCHANGE": amqp.exchange.name,
        "ACCORD_ORDERS_QUEUE": amqp.queues[0],
        "ACCORD_ORDERS_DATABASE_URL": sa.make_url(postgres_url).render_as_string(False),
        "ACCORD_PAYMENTS_DATABASE_URL": second_database,
    }
    deployment = Deployment(tmp_path / "var", env)
    tap = Tap(amqp, amqp.queues[1], ["order.updated"])
    deployment.start()
    try:
        paid = deployment.create_order("card").json()["id"]
        declined = deployment.create_order("test_declined").json()["id"]
        eventually(lambda: deployment.order(paid)["status"] == "paid", what="order paid")
        updated = eventually(lambda: tap.find("order.updated", paid), what="order.updated")
        assert updated["data"]["previousStatus"] == "pending"
        failed = eventually(
            lambda: any(
                r.get("event") == "order.payment_failed" and r.get("resource_id") == declined
                for r in deployment.log_records("orders")
            ),
            what="order.payment_failed",
        )
        assert failed and deployment.order(declined)["status"] == "pending"
        assert tap.find("order.updated", declined) is None
    finally:
        assert deployment.stop() == 0


@pytest.fixture
def orders_on_pg(tmp_path, monkeypatch, amqp, postgres_url):
    """Orders in this process on PostgreSQL + RabbitMQ; its consumer runs, its relay does not."""
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ACCORD_ORDERS_DATABASE_URL", postgres_url)
    monkeypatch.setenv("ACCORD_BROKER_URL", amqp.url)
    monkeypatch.setenv("ACCORD_EXCHANGE", amqp.exchange.name)
    monkeypatch.setenv("ACCORD_PAYMENTS_URL", "http://127.0.0.1:9")
    settings = Settings.from_env("orders")
    service = bootstrap(settings, validate_responses=True, queue_name=amqp.queues[0])
    outcomes: list = []
    process = service.consumer.process
    service.consumer.process = lambda body: _recorded(outcomes, process(body))  # type: ignore[method-assign]
    service.consumer.start()
    token = DevIssuer(settings.data_dir).mint(["orders.write"], "orders")
    with service.http.test_client() as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield service, client, outcomes
    service.consumer.stop()
    service.payments.close()
    service.broker.close()
    service.engine.dispose()


def _recorded(outcomes: list, result):
    outcomes.append(result.outcome.value)
    return result


def count(service, table, *where) -> int:
    with service.engine.connect() as conn:
        query = sa.select(sa.func.count()).select_from(table)
        return conn.execute(query.where(*where) if where else query).scalar_one()


def test_an_event_survives_a_failed_publish(orders_on_pg, amqp):
    service, client, _ = orders_on_pg
    tap = Tap(amqp, amqp.queues[1], ["order.created"])
    order_id = client.post("/orders", json={"customerId": "c", "items": ["a"]}).json()["id"]
    down = OutboxRelay(service.engine, Broker("amqp://guest:guest@127.0.0.1:1//", "x"))
    assert down.drain_once() == 0
    with service.engine.connect() as conn:
        row = conn.execute(sa.select(outbox)).mappings().one()
    assert row["published_at"] is None and row["attempts"] == 1 and row["last_error"]
    assert tap.find("order.created", order_id) is None
    assert service.relay.drain_once() == 1
    assert eventually(lambda: tap.find("order.created", order_id), what="late delivery")
    assert count(service, outbox, outbox.c.published_at.is_(None)) == 0


def test_a_duplicate_delivery_changes_nothing(orders_on_pg, amqp):
    service, client, outcomes = orders_on_pg
    order_id = client.post("/orders", json={"customerId": "c", "items": ["a"]}).json()["id"]
    data = {"id": str(uuid.uuid4()), "orderId": order_id, "method": "card", "status": "successful"}
    event = new_event("payment.successful", "urn:accord:payments", data["id"], data, TRACEPARENT)
    amqp.publish(event)
    amqp.publish(event)
    eventually(lambda: len(outcomes) >= 2, what="both deliveries")
    assert outcomes == ["processed", "duplicate"]
    with service.engine.connect() as conn:
        status = conn.execute(sa.select(orders.c.status).where(orders.c.id == order_id))
        assert status.scalar_one() == "paid"
    assert count(service, outbox, outbox.c.event_type == "order.updated") == 1
    assert count(service, inbox) == 1


def test_a_poison_message_is_dead_lettered(orders_on_pg, amqp):
    service, client, outcomes = orders_on_pg
    amqp.publish_body(b"{not json", routing_key="payment.successful")
    eventually(lambda: outcomes, what="the poison message to be taken")
    assert outcomes == ["invalid"]
    dead_letters = amqp.dead_letter_queue(amqp.queues[0])
    with amqp.connection() as conn:
        bound = dead_letters(conn.default_channel)
        message = eventually(lambda: bound.get(no_ack=True), what="the dead letter")
    assert message.body in (b"{not json", "{not json")
    assert "not JSON" in message.headers[REASON_HEADER]
    assert count(service, inbox) == 0
    # The consumer is not stuck: the next event is processed.
    order_id = client.post("/orders", json={"customerId": "c", "items": ["a"]}).json()["id"]
    data = {"id": str(uuid.uuid4()), "orderId": order_id, "method": "card", "status": "successful"}
    amqp.publish(
        new_event("payment.successful", "urn:accord:payments", data["id"], data, TRACEPARENT)
    )
    eventually(lambda: len(outcomes) == 2, what="the next event")
    assert outcomes == ["invalid", "processed"]
