"""Worker thread that reads back payments whose outcome has not arrived after a deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from reference.orders.adapters.payments_client import PaymentsClient
from reference.orders.service_layer.reconciliation import reconcile_payment
from reference.orders.service_layer.unit_of_work import AbstractUnitOfWork
from reference.shared.clock import utcnow
from reference.shared.settings import DEFAULT_RECONCILE_AFTER
from reference.shared.worker import BackgroundWorker


class PaymentReconciler(BackgroundWorker):
    """Polls for requested payments with no outcome after `deadline` seconds and settles them."""

    def __init__(
        self,
        uow: Callable[[], AbstractUnitOfWork],
        client: PaymentsClient,
        deadline: float = DEFAULT_RECONCILE_AFTER,
        poll_interval: float = 1.0,
    ) -> None:
        # Each payment keeps its own backoff (in its row); a database outage backs off the worker.
        super().__init__("payment-reconciler", poll_interval, max_backoff=30.0)
        self._uow, self._client, self._deadline = uow, client, timedelta(seconds=deadline)

    def drain_once(self) -> int:
        """Check every due payment once; returns how many were settled (or requested again)."""
        now = utcnow()
        with self._uow() as uow:
            unsettled = uow.payment_requests.unsettled(now - self._deadline, now)
        settled = 0
        for pending in unsettled:
            if self._stopping.is_set():
                break
            if not reconcile_payment(pending, self._uow, self._client):
                break  # Payments is unreachable or undecided: the rest waits for the next round
            settled += 1
        return settled
