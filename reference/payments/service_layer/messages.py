"""Domain events out: CloudEvents recorded in the outbox, lifecycle log records after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from reference.payments.domain import events
from reference.shared.events import DomainEventPublisher, new_event
from reference.shared.logs import log_lifecycle

SOURCE = "urn:accord:payments"
log = logging.getLogger("reference.payments")


def to_cloudevent(event: events.Event, traceparent: str | None) -> dict[str, Any] | None:
    """The CloudEvent the AsyncAPI document promises for this domain event, if any."""
    if isinstance(event, events.PaymentSucceeded):
        data = {
            "id": event.payment_id,
            "orderId": event.order_id,
            "method": event.method,
            "status": "successful",
        }
        return new_event("payment.successful", SOURCE, event.payment_id, data, traceparent)
    if isinstance(event, events.PaymentFailed):
        data = {
            "id": event.payment_id,
            "orderId": event.order_id,
            "method": event.method,
            "status": "failed",
            "failureReason": event.reason,
        }
        return new_event("payment.failed", SOURCE, event.payment_id, data, traceparent)
    return None


def log_event(event: events.Event) -> None:
    """The lifecycle log record of a committed domain event."""
    extra = {"order_id": getattr(event, "order_id", None)}
    if isinstance(event, events.PaymentCreated):
        message = f"Payment created for order {event.order_id} ({event.method})"
        log_lifecycle(log, "payment.created", event.payment_id, message, **extra)
    elif isinstance(event, events.PaymentSucceeded):
        message = f"Payment for order {event.order_id} succeeded"
        log_lifecycle(log, "payment.successful", event.payment_id, message, **extra)
    elif isinstance(event, events.PaymentFailed):
        message = f"Payment for order {event.order_id} failed ({event.reason})"
        log_lifecycle(
            log, "payment.failed", event.payment_id, message, reason=event.reason, **extra
        )


def event_publisher(notify: Callable[[], None] = lambda: None) -> DomainEventPublisher:
    """Payments' events: CloudEvents into the outbox, lifecycle records after commit."""
    return DomainEventPublisher(to_cloudevent, log_event, notify)
