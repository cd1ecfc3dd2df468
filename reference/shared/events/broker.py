"""Kombu connections to the event exchange: confirmed publishing, queues with dead-lettering."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kombu import Connection, Exchange, Producer, Queue, binding

from .confirms import ConfirmedBatches, Nacked
from .envelope import CONTENT_TYPE
from .fs_transport import Transport as FilesystemTransport

log = logging.getLogger(__name__)

# Bounded: a publish gives up after ~1 s and the outbox keeps the event (Kombu retries forever).
RETRY_POLICY = {"max_retries": 2, "interval_start": 0.1, "interval_step": 0.3, "interval_max": 0.5}
CONNECT_TIMEOUT = 3.0
ATTEMPTS_HEADER = "x-accord-attempts"
REASON_HEADER = "x-accord-dead-letter-reason"


class Broker:
    """Connection factory and publisher for one topic exchange on RabbitMQ, filesystem or memory."""

    def __init__(
        self, url: str, exchange_name: str = "accord.events", data_dir: str | Path = "var"
    ):
        self.url = url
        self.exchange = Exchange(exchange_name, type="topic", durable=True)
        self.dead_letter_exchange = Exchange(f"{exchange_name}.dlx", type="direct", durable=True)
        self.is_amqp = url.split("://", 1)[0] in {"amqp", "amqps", "pyamqp"}
        self._options, self._transport = self._transport_for(url, Path(data_dir))
        self._lock, self._batch_lock = threading.Lock(), threading.Lock()
        self._connection: Connection | None = None
        self._batches = ConfirmedBatches(self._unconfirmed_connection, self.exchange, _log_returned)

    def _transport_for(self, url: str, data_dir: Path) -> tuple[dict[str, Any], Any]:
        if url.startswith("filesystem://"):
            folder, control = data_dir / "broker" / "messages", data_dir / "broker" / "control"
            folder.mkdir(parents=True, exist_ok=True)
            control.mkdir(parents=True, exist_ok=True)
            options = {"data_folder_in": str(folder), "data_folder_out": str(folder)}
            options |= {"control_folder": str(control), "polling_interval": 0.05}
            return options, FilesystemTransport
        if self.is_amqp:
            return {"confirm_publish": True}, None
        return {"polling_interval": 0.05}, None

    def connection(self) -> Connection:
        """A new, unconnected Kombu connection (the caller closes it)."""
        return Connection(
            self.url,
            transport=self._transport,
            transport_options=dict(self._options),
            connect_timeout=CONNECT_TIMEOUT,
        )

    def _unconfirmed_connection(self) -> Connection:
        # ConfirmedBatches selects confirms itself; Kombu's would wait on every message.
        options = {k: v for k, v in self._options.items() if k != "confirm_publish"}
        return Connection(self.url, transport_options=options, connect_timeout=CONNECT_TIMEOUT)

    def publish_batch(self, messages: Sequence[tuple[bytes, str]]) -> tuple[int, Exception | None]:
        """Publish (body, routing key) pairs to the event exchange in order; return how many were
        published (confirmed, on RabbitMQ) in a row from the first, and what stopped the rest.

        On RabbitMQ the confirms of a batch are awaited once; a batch cut by a broken connection
        is resumed once on a new one (as Kombu's retry would), a refused (nacked) one is not."""
        if not messages:
            return 0, None
        if not self.is_amqp:
            for sent, (body, routing_key) in enumerate(messages):
                try:
                    self.publish_body(body, routing_key)
                except Exception as exc:
                    return sent, exc
            return len(messages), None
        with self._batch_lock:
            sent, error = self._batches.publish(messages)
            if error is not None and not isinstance(error, Nacked):
                more, error = self._batches.publish(messages[sent:])
                sent += more
            return sent, error

    def publish(self, envelope: dict[str, Any]) -> None:
        """Publish a CloudEvent to the exchange, routing key = its type; raises if not confirmed."""
        body = json.dumps(envelope).encode("utf-8")
        self.publish_body(body, routing_key=envelope["type"])

    def publish_body(
        self,
        body: bytes,
        routing_key: str,
        exchange: Exchange | None = None,
        headers: dict[str, Any] | None = None,
    ) -> None:
        """Publish raw bytes (default: to the event exchange); a failure drops the connection."""
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self.connection()
                self._publish(self._connection, body, routing_key, exchange, headers)
            except Exception:
                self._discard(graceful=False)
                raise

    def _publish(self, conn, body, routing_key, exchange, headers) -> None:
        target = self.exchange if exchange is None else exchange
        producer = Producer(conn, on_return=_log_returned if self.is_amqp else None)
        producer.publish(
            body,
            exchange=target,
            routing_key=routing_key,
            declare=[target] if target.name else [],
            content_type=CONTENT_TYPE,
            content_encoding="utf-8",
            delivery_mode="persistent",
            headers=headers or {},
            mandatory=self.is_amqp,
            retry=True,
            retry_policy=RETRY_POLICY,
        )

    def declare_queue(self, name: str, routing_keys: list[str], dead_letter: bool = True) -> Queue:
        """Declare a durable queue bound to the exchange by routing keys, plus `<name>.dlq`."""
        arguments = None
        if dead_letter and self.is_amqp:
            # Native dead-lettering as a safety net; the consumer also publishes there explicitly.
            arguments = {"x-dead-letter-exchange": self.dead_letter_exchange.name}
            arguments["x-dead-letter-routing-key"] = name
        queue = Queue(
            name,
            exchange=self.exchange,
            bindings=[binding(self.exchange, routing_key=key) for key in routing_keys],
            durable=True,
            queue_arguments=arguments,
        )
        with self.connection() as conn:
            channel = conn.default_channel
            queue.bind(channel).declare()
            if dead_letter:
                self.dead_letter_queue(name).bind(channel).declare()
        return queue

    def dead_letter_queue(self, name: str) -> Queue:
        """The dead-letter queue of queue `name`, bound on the dead-letter exchange."""
        return Queue(
            f"{name}.dlq", exchange=self.dead_letter_exchange, routing_key=name, durable=True
        )

    def close(self) -> None:
        """Close the cached publishing connection."""
        with self._lock:
            self._discard()
        with self._batch_lock:
            self._batches.close()

    def _discard(self, graceful: bool = True) -> None:
        if self._connection is not None:
            try:
                # A broken or silent broker never answers AMQP's close handshake: drop the socket.
                self._connection.release() if graceful else self._connection.collect()
            except Exception:  # a broken connection may fail to close; it is dropped either way
                log.debug("closing a broken broker connection failed", exc_info=True)
            self._connection = None


def _log_returned(exception, exchange, routing_key, message) -> None:
    # Unroutable is not a failure of the publisher: no queue is bound to this type (yet).
    log.warning(
        "event unroutable: exchange=%s routing_key=%s (%s)", exchange, routing_key, exception
    )
