"""Worker thread that requests the payments queued by new orders, retrying with backoff."""

from __future__ import annotations

from collections.abc import Callable

from opentelemetry.trace import SpanKind

from reference.orders.adapters.payments_client import PaymentsClient
from reference.orders.service_layer import handlers
from reference.orders.service_layer.unit_of_work import AbstractUnitOfWork
from reference.shared.clock import utcnow
from reference.shared.tracing import span
from reference.shared.worker import BackgroundWorker


class PaymentRequester(BackgroundWorker):
    """Drains the `payment_requests` table: woken after each order commit, polling as a net."""

    def __init__(
        self,
        uow: Callable[[], AbstractUnitOfWork],
        client: PaymentsClient,
        poll_interval: float = 1.0,
    ) -> None:
        # Each request keeps its own backoff; a database outage is simply retried every poll.
        super().__init__("payment-requester", poll_interval, max_backoff=poll_interval)
        self._uow, self._client = uow, client

    def drain_once(self) -> int:
        """Make every due request once; returns how many Payments accepted."""
        with self._uow().reading() as uow:
            due = uow.payment_requests.due(utcnow())
        accepted = 0
        for request in due:
            if self._stopping.is_set():
                break
            with span("request payment", request.traceparent, kind=SpanKind.CLIENT):
                accepted += handlers.request_payment(request, self._uow(), self._client)
        return accepted

    def _next_wait(self) -> float:
        with self._uow().reading() as uow:
            next_due = uow.payment_requests.next_due()
        if next_due is None:
            return self._poll_interval
        return (next_due - utcnow()).total_seconds()
