"""Worker thread that requests the payments queued by new orders, retrying with backoff."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from opentelemetry.trace import SpanKind

from reference.orders.adapters.payments_client import PaymentsClient
from reference.orders.service_layer import handlers
from reference.orders.service_layer.unit_of_work import SqlUnitOfWork
from reference.shared.tracing import span

log = logging.getLogger(__name__)


class PaymentRequester:
    """Drains the `payment_requests` table: woken after each order commit, polling as a net."""

    def __init__(
        self,
        uow: Callable[[], SqlUnitOfWork],
        client: PaymentsClient,
        poll_interval: float = 1.0,
    ) -> None:
        self._uow, self._client, self._poll_interval = uow, client, poll_interval
        self._wake, self._stopping = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def notify(self) -> None:
        """Wake the worker now (an order was committed)."""
        self._wake.set()

    def start(self) -> None:
        """Start the worker thread; it first drains what an earlier run left."""
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="payment-requester", daemon=True)
        self._thread.start()
        self.notify()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the request in flight."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def drain_once(self) -> int:
        """Make every due request once; returns how many Payments accepted."""
        with self._uow() as uow:
            due = uow.payment_requests.due(handlers.utcnow())
        accepted = 0
        for request in due:
            if self._stopping.is_set():
                break
            with span("request payment", request.traceparent, kind=SpanKind.CLIENT):
                accepted += handlers.request_payment(request, self._uow(), self._client)
        return accepted

    def _wait_time(self) -> float:
        with self._uow() as uow:
            next_due = uow.payment_requests.next_due()
        if next_due is None:
            return self._poll_interval
        seconds = (next_due - handlers.utcnow()).total_seconds()
        return max(0.0, min(seconds, self._poll_interval))

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()  # a notify arriving during the drain is kept for the next round
            try:
                self.drain_once()
                wait = self._wait_time()
            except Exception:  # the database is down: try again on the next poll
                log.exception("payment requester could not drain")
                wait = self._poll_interval
            self._wake.wait(wait)
