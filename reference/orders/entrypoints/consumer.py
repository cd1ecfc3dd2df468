"""The payment-event consumer: payment.successful -> paid; payment.failed -> recorded, logged."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import sqlalchemy as sa
from opentelemetry.trace import SpanKind

from reference.orders.domain import commands
from reference.orders.service_layer import handlers
from reference.orders.service_layer.unit_of_work import ConnectionUnitOfWork
from reference.shared.events import Broker, DomainEventPublisher, EventConsumer, Outcome, Result
from reference.shared.tracing import span

RETRY_START = 2.0
log = logging.getLogger(__name__)


class PaymentEventConsumer(EventConsumer):
    """EventConsumer whose handler continues the event's trace and logs only after commit."""

    def __init__(
        self,
        broker: Broker,
        engine: sa.Engine,
        queue_name: str,
        publisher: DomainEventPublisher,
        event_types: list[str],
        schemas: dict[str, dict[str, Any]],
    ) -> None:
        """`event_types` and `schemas` come from the service's AsyncAPI document."""
        super().__init__(broker, engine, queue_name, event_types, self._handle, schemas=schemas)
        self._publisher = publisher
        self._after_commit: list[Any] = []

    def start(self) -> None:
        """Start consuming; while the broker is unreachable keep trying in the background."""
        try:
            super().start()
        except Exception as exc:  # the service still serves HTTP; events wait in the outbox
            log.warning("broker unreachable (%s); consumer will retry", type(exc).__name__)
            threading.Thread(target=self._start_later, name="consumer-start", daemon=True).start()

    def _start_later(self) -> None:
        while not self._stopped.wait(RETRY_START):
            try:
                super().start()
                log.info("consumer %s started", self.queue_name)
                return
            except Exception as exc:
                log.warning("broker still unreachable (%s)", type(exc).__name__)

    def process(self, body: bytes | str) -> Result:
        """Validate, dedupe, apply and commit one message; then log and wake the relay."""
        with span("consume payment event", _traceparent(body), kind=SpanKind.CONSUMER):
            self._after_commit = []
            result = super().process(body)
            if result.outcome is Outcome.PROCESSED:
                for action in self._after_commit:
                    action()
            return result

    def _handle(self, connection: sa.Connection, envelope: dict[str, Any]) -> None:
        uow = ConnectionUnitOfWork(connection, self._publisher)
        data = envelope["data"]
        if envelope["type"] == "payment.successful":
            cmd = commands.RecordPaymentSuccess(data["orderId"], data["id"])
            handlers.on_payment_succeeded(cmd, uow)
        else:
            failure = commands.RecordPaymentFailure(
                data["orderId"], data["id"], data["failureReason"]
            )
            handlers.on_payment_failed(failure, uow)
        self._after_commit = uow.after_commit


def _traceparent(body: bytes | str) -> str | None:
    try:
        value = json.loads(body).get("traceparent")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None
