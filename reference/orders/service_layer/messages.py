"""Domain events out: CloudEvents recorded in the outbox, lifecycle log records after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from reference.orders.domain import events
from reference.shared.events import new_event, record_event
from reference.shared.logs import log_lifecycle
from reference.shared.tracing import current_traceparent

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


class EventPublisher:
    """Records CloudEvents in the caller's transaction; after commit logs and wakes the relay."""

    def __init__(self, notify: Callable[[], None] = lambda: None) -> None:
        self.notify = notify

    def record(self, connection: Any, domain_events: list[events.Event]) -> int:
        """Insert the outbox rows; returns how many."""
        traceparent = current_traceparent()
        count = 0
        for event in domain_events:
            envelope = to_cloudevent(event, traceparent)
            if envelope is not None:
                record_event(connection, envelope)
                count += 1
        return count

    def announce(self, domain_events: list[events.Event], published: int) -> None:
        """After commit: one lifecycle record per event; wake the relay when rows were added."""
        for event in domain_events:
            log_event(event)
        if published:
            self.notify()
