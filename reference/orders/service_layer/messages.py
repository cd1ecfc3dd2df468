"""Domain events out: CloudEvents recorded in the outbox, lifecycle log records after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from reference.orders.domain import events
from reference.shared.events import DomainEventPublisher, new_event
from reference.shared.logs import log_lifecycle

SOURCE = "urn:accord:orders"
log = logging.getLogger("reference.orders")


def to_cloudevent(event: events.Event, traceparent: str | None) -> dict[str, Any] | None:
    """The CloudEvent the AsyncAPI document promises for this domain event, if any."""
    if isinstance(event, events.OrderCreated):
        data = {
            "id": event.order_id,
            "customerId": event.customer_id,
            "items": list(event.items),
            "status": "pending",
            "paymentMethod": event.payment_method,
        }
        return new_event("order.created", SOURCE, event.order_id, data, traceparent)
    if isinstance(event, events.OrderStatusChanged):
        data = {
            "id": event.order_id,
            "status": str(event.status),
            "previousStatus": str(event.previous_status),
        }
        return new_event("order.updated", SOURCE, event.order_id, data, traceparent)
    return None


def log_event(event: events.Event) -> None:
    """The lifecycle log record of a committed domain event."""
    if isinstance(event, events.OrderCreated):
        log_lifecycle(log, "order.created", event.order_id, "Order created")
    elif isinstance(event, events.OrderStatusChanged):
        message = f"Order status changed from {event.previous_status} to {event.status}"
        log_lifecycle(
            log,
            "order.status_changed",
            event.order_id,
            message,
            status=str(event.status),
            previous_status=str(event.previous_status),
        )
    elif isinstance(event, events.OrderPaymentFailed):
        log_lifecycle(
            log,
            "order.payment_failed",
            event.order_id,
            f"Payment {event.payment_id} failed ({event.reason}); the order stays pending",
            payment_id=event.payment_id,
            reason=event.reason,
        )


def event_publisher(notify: Callable[[], None] = lambda: None) -> DomainEventPublisher:
    """Orders' events: CloudEvents into the outbox, lifecycle records after commit."""
    return DomainEventPublisher(to_cloudevent, log_event, notify)
