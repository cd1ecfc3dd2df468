"""Turns Orders' events into customer notifications: order received, order shipped.

Events are CloudEvents 1.0 structured envelopes (`application/cloudevents+json`) on the
`order.created` and `order.updated` routing keys. `order.updated` carries only the status, so a
shipped order is read back over HTTP for its customer and items."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class OrderReader(Protocol):
    def get_order(self, order_id: str) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class Notification:
    """One message to a customer about one order."""

    customer_id: str
    order_id: str
    kind: str
    items: tuple[str, ...]


class NotAnOrderEvent(ValueError):
    """The message is not an Orders CloudEvent this notifier understands."""


class ShippingNotifier:
    """Handles one event body at a time; `send` delivers the notifications."""

    def __init__(self, orders: OrderReader, send: Callable[[Notification], None]) -> None:
        self._orders, self._send = orders, send

    def handle(self, body: bytes | str) -> Notification | None:
        """Notify the customer when the event calls for it; returns what was sent."""
        event = parse_event(body)
        data = event["data"]
        if event["type"] == "order.created":
            note = Notification(data["customerId"], data["id"], "received", tuple(data["items"]))
        elif data["status"] == "shipped":
            order = self._orders.get_order(data["id"])
            if order is None:
                return None
            note = Notification(order["customerId"], order["id"], "shipped", tuple(order["items"]))
        else:
            return None
        self._send(note)
        return note


def parse_event(body: bytes | str) -> dict[str, Any]:
    """The envelope, checked for what this consumer relies on."""
    try:
        event = json.loads(body)
    except ValueError as exc:
        raise NotAnOrderEvent(f"not JSON: {exc}") from exc
    if not isinstance(event, dict) or event.get("specversion") != "1.0":
        raise NotAnOrderEvent("not a CloudEvents 1.0 envelope")
    if event.get("type") not in {"order.created", "order.updated"}:
        raise NotAnOrderEvent(f"unexpected event type {event.get('type')!r}")
    if not isinstance(event.get("data"), dict) or "id" not in event["data"]:
        raise NotAnOrderEvent("no order in data")
    return event
