"""Fixtures for the events tests: databases (SQLite, PostgreSQL), brokers (files, RabbitMQ)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from reference.shared.events import Broker, add_inbox_table, add_outbox_table


def make_schema(metadata: sa.MetaData) -> sa.Table:
    """The event tables plus one domain table the handlers write to."""
    add_outbox_table(metadata)
    add_inbox_table(metadata)
    return sa.Table(
        "things",
        metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("note", sa.String(200)),
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path) -> Iterator[sa.Engine]:
    """A database with the outbox, inbox and `things` tables: SQLite file or real PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'events.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    make_schema(metadata)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def things(engine) -> sa.Table:
    """The domain table of the test schema."""
    return make_schema(sa.MetaData())


@pytest.fixture(params=["filesystem", pytest.param("rabbitmq", marks=pytest.mark.rabbitmq)])
def broker(request, tmp_path) -> Iterator[Broker]:
    """A broker on its own exchange: Kombu files under tmp_path, or real RabbitMQ (cleaned up)."""
    exchange = f"accord.test.{uuid.uuid4().hex[:10]}"
    if request.param == "filesystem":
        url = "filesystem://"
    else:
        url = request.getfixturevalue("rabbitmq_url")
    broker = Broker(url, exchange, tmp_path / "data")
    broker.test_queues = []  # type: ignore[attr-defined]
    yield broker
    broker.close()
    if broker.is_amqp:
        _delete_amqp(broker)


def _delete_amqp(broker: Broker) -> None:
    with broker.connection() as conn:
        channel = conn.channel()
        for queue in broker.test_queues:  # type: ignore[attr-defined]
            channel.queue_delete(queue)
            channel.queue_delete(f"{queue}.dlq")
        channel.exchange_delete(broker.exchange.name)
        channel.exchange_delete(broker.dead_letter_exchange.name)


@pytest.fixture
def queue_name(broker) -> str:
    """A unique queue name, deleted from RabbitMQ after the test."""
    name = f"test.{uuid.uuid4().hex[:10]}"
    broker.test_queues.append(name)
    return name
