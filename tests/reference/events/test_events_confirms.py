"""Publisher confirms awaited once per batch on real RabbitMQ: every message of a batch is
confirmed and arrives in order, an unroutable one is confirmed and logged, and a silent broker
cuts a batch short with an error instead of hanging; the next batch goes out on a new connection."""

from __future__ import annotations

import json
import logging
import uuid
from urllib.parse import urlsplit

import pytest
from kombu import Connection, Exchange, Queue

from reference.shared.events import Broker
from reference.shared.events.confirms import ConfirmedBatches
from tests.reference.shared.tcp_proxy import TcpProxy

pytestmark = pytest.mark.rabbitmq


@pytest.fixture
def amqp_broker(rabbitmq_url, tmp_path):
    broker = Broker(rabbitmq_url, f"accord.test.{uuid.uuid4().hex[:10]}", tmp_path)
    yield broker
    broker.close()
    with broker.connection() as conn:
        conn.channel().exchange_delete(broker.exchange.name)


def _bound_queue(broker: Broker, routing_key: str) -> Queue:
    queue = Queue(
        f"test.{uuid.uuid4().hex[:10]}", broker.exchange, routing_key=routing_key, auto_delete=True
    )
    with broker.connection() as conn:
        queue.bind(conn.default_channel).declare()
    return queue


def _drain(broker: Broker, queue: Queue) -> list[int]:
    got = []
    with broker.connection() as conn:
        bound = queue.bind(conn.default_channel)
        while (message := bound.get(no_ack=True)) is not None:
            got.append(json.loads(message.body)["n"])
        bound.delete()
    return got


def test_a_batch_is_confirmed_whole_and_arrives_in_order(amqp_broker):
    queue = _bound_queue(amqp_broker, "thing.made")
    messages = [(json.dumps({"n": n}).encode(), "thing.made") for n in range(250)]
    assert amqp_broker.publish_batch(messages[:100]) == (100, None)
    assert amqp_broker.publish_batch(messages[100:]) == (150, None)  # same channel, later tags
    assert _drain(amqp_broker, queue) == list(range(250))


def test_an_unroutable_message_is_confirmed_and_logged(amqp_broker, caplog):
    with caplog.at_level(logging.WARNING):
        assert amqp_broker.publish_batch([(b'{"n": 1}', "nobody.listens")]) == (1, None)
    assert "unroutable" in caplog.text and "nobody.listens" in caplog.text


def test_a_silent_broker_cuts_the_batch_short_and_the_next_batch_reconnects(rabbitmq_url):
    parts = urlsplit(rabbitmq_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672)
    exchange = Exchange(f"accord.test.{uuid.uuid4().hex[:10]}", type="topic", durable=True)
    proxied = f"amqp://{parts.username}:{parts.password}@127.0.0.1:{proxy.port}//"
    batches = ConfirmedBatches(
        lambda: Connection(proxied, connect_timeout=1), exchange, lambda *args: None
    )
    try:
        assert batches.publish([(b"{}", "k")] * 3, timeout=2) == (3, None)
        proxy.blackhole()
        sent, error = batches.publish([(b"{}", "k")] * 3, timeout=0.5)
        assert sent == 0 and isinstance(error, TimeoutError)
        proxy.restore()
        assert batches.publish([(b"{}", "k")] * 3, timeout=2) == (3, None)
    finally:
        batches.close()
        proxy.close()
        with Connection(rabbitmq_url) as conn:
            conn.channel().exchange_delete(exchange.name)
