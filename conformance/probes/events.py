"""Taps the candidate's broker: the suite's own queue on the target's exchange, and what it got.

`BrokerTap` binds an exclusive, auto-deleted queue with a unique name on the target's topic
exchange (routing key `#`) *before* the suite triggers anything, then polls it. It speaks AMQP 0-9-1
(RabbitMQ) and Kombu's `filesystem://` transport in the shared data folder (`fs_broker`). Checks
judge each message as received, never through an SDK object that would fill in missing attributes:
`RawEvent.body` is the exact bytes on the wire, `properties` the AMQP properties and headers.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from kombu.connection import Connection
from kombu.entity import Exchange, Queue

from conformance.observations.events import RawEvent
from conformance.probes import fs_broker
from conformance.registry import SetupFailed
from conformance.target import Broker

TAP_PREFIX = "accord.conformance.tap"
_INTERNAL = {"delivery_info", "delivery_tag", "body_encoding", "priority", "application_headers"}


class BrokerUnreachable(RuntimeError):
    """The target names a broker the suite cannot tap: the events checks error, never pass."""


class BrokerTap:
    """The suite's own queue on the candidate's exchange: `open()` before triggering, `poll()`."""

    def __init__(self, broker: Broker, connect_timeout: float = 2.0) -> None:
        self.broker = broker
        self.name = f"{TAP_PREFIX}.{uuid.uuid4().hex[:12]}"
        self.exchange = Exchange(broker.exchange, type="topic", durable=True)
        self.queue = Queue(
            self.name,
            exchange=self.exchange,
            routing_key="#",
            durable=False,
            exclusive=True,
            auto_delete=True,
        )
        self.connect_timeout = connect_timeout
        self.connection: Connection | None = None
        self.bound: Queue | None = None
        self.opened_at = 0.0

    def _connection(self) -> Connection:
        url = self.broker.url
        if url.startswith("filesystem://"):
            if self.broker.data_folder is None:
                raise SetupFailed("broker.data_folder is required for filesystem://")
            options = fs_broker.transport_options(self.broker.data_folder)
            return Connection(url, transport=fs_broker.Transport, transport_options=options)
        return Connection(url, connect_timeout=self.connect_timeout)

    def open(self) -> BrokerTap:
        """Connect, declare the exchange (topic, durable) and bind the queue with `#`."""
        connection = self._connection()
        try:
            connection.ensure_connection(max_retries=1, timeout=self.connect_timeout)
            self.bound = self.queue(connection.default_channel)
            self.bound.declare()
        except Exception as exc:
            connection.release()
            where = self.broker.url.split("@")[-1]  # never show credentials
            raise BrokerUnreachable(f"cannot tap the broker at {where}: {exc}") from exc
        self.connection = connection
        self.opened_at = time.monotonic()
        return self

    def poll(self) -> list[RawEvent]:
        """Every message waiting in the queue now (acknowledged on receipt)."""
        received = []
        while self.bound is not None:
            message = self.bound.get(no_ack=True)
            if message is None:
                break
            received.append(self._raw(message))
        return received

    def _raw(self, message: Any) -> RawEvent:
        properties = {k: _plain(v) for k, v in message.properties.items() if k not in _INTERNAL}
        properties["content_type"] = message.content_type
        properties["content_encoding"] = message.content_encoding
        properties["headers"] = _plain(message.headers or {})
        body = message.body if isinstance(message.body, bytes) else str(message.body).encode()
        routing_key = message.delivery_info.get("routing_key", "")
        return RawEvent(routing_key, body, properties, received_at=self.elapsed())

    def elapsed(self) -> float:
        return time.monotonic() - self.opened_at

    def close(self) -> None:
        """Delete the queue (and its binding) and disconnect."""
        if self.connection is None:
            return
        try:
            if self.bound is not None:
                self.bound.purge()
                self.bound.delete()
        except Exception:  # the queue is exclusive/auto-delete: it goes with the connection anyway
            pass
        finally:
            self.connection.release()
            self.connection, self.bound = None, None


def _plain(value: Any) -> Any:
    """A JSON-ready copy of an AMQP property value (bytes as text, tables as dicts)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
