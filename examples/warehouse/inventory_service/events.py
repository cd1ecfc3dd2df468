"""CloudEvents 1.0 envelopes in structured mode, published with plain Kombu on a topic exchange.

Routing key = the event `type` = the AsyncAPI channel; body = the whole JSON envelope;
`content_type` = `application/cloudevents+json`; persistent delivery. On `filesystem://` the
broker is a shared folder: `<data_folder>/messages` and `<data_folder>/control`, the layout
Accord's broker tap reads.
"""

from __future__ import annotations

import json
import secrets
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kombu import Connection, Exchange, Producer

SOURCE = "urn:warehouse:inventory"
CLOUDEVENTS_JSON = "application/cloudevents+json"


def now() -> str:
    """RFC 3339 UTC time with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def envelope(channel: str, subject: str, data: dict[str, Any], trace_id: str) -> dict[str, Any]:
    """The structured CloudEvents envelope of one event, in a new span of the caller's trace."""
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": SOURCE,
        "type": channel,
        "time": now(),
        "subject": subject,
        "datacontenttype": "application/json",
        "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01",
        "data": data,
    }


class KombuPublisher:
    """Publishes raw envelopes on the topic exchange; safe to call from several threads."""

    def __init__(self, url: str, exchange: str, data_folder: Path | None = None) -> None:
        options: dict[str, str] = {}
        if url.startswith("filesystem://"):
            if data_folder is None:
                raise ValueError("filesystem:// needs a data folder")
            for name in ("messages", "control"):
                (data_folder / name).mkdir(parents=True, exist_ok=True)
            options = {
                "data_folder_in": str(data_folder / "messages"),
                "data_folder_out": str(data_folder / "messages"),
                "control_folder": str(data_folder / "control"),
            }
        self.connection = Connection(url, transport_options=options)
        self.exchange = Exchange(exchange, type="topic", durable=True)
        self.lock = threading.Lock()

    def __call__(self, channel: str, body: dict[str, Any]) -> None:
        with self.lock:
            Producer(self.connection).publish(
                json.dumps(body).encode(),
                exchange=self.exchange,
                routing_key=channel,
                declare=[self.exchange],
                content_type=CLOUDEVENTS_JSON,
                content_encoding="utf-8",
                delivery_mode=2,
            )

    def close(self) -> None:
        self.connection.release()
