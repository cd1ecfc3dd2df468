"""HTTP client of Payments: POST and GET /payments with a service token and traceparent."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from reference.shared.tracing import inject_headers

RETRYABLE_STATUSES = {401, 408, 425, 429}  # 401: a token may be refreshed; the rest: try again


class PaymentRequestFailed(Exception):
    """Payments did not accept the request; `retryable` says whether trying again may help."""

    def __init__(self, reason: str, retryable: bool) -> None:
        super().__init__(reason)
        self.reason, self.retryable = reason, retryable


class ServiceToken:
    """The bearer token Orders presents: a fixed one, or minted and refreshed before expiry."""

    def __init__(
        self, fixed: str | None = None, mint: Callable[[int], str] | None = None, ttl: int = 3600
    ) -> None:
        if (fixed is None) == (mint is None):
            raise ValueError("give exactly one of a fixed token or a minting function")
        self._fixed, self._mint, self._ttl = fixed, mint, ttl
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> str:
        """The current token."""
        if self._fixed is not None:
            return self._fixed
        with self._lock:
            if self._token is None or time.monotonic() >= self._renew_at:
                assert self._mint is not None
                self._token = self._mint(self._ttl)
                self._renew_at = time.monotonic() + self._ttl / 2
            return self._token


class PaymentsClient:
    """Requests payments from Payments; the order id is the Idempotency-Key, so retries are safe."""

    def __init__(
        self,
        base_url: str,
        token: Callable[[], str],
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._token = token
        self._http = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)

    def request_payment(self, order_id: str, method: str) -> dict[str, Any]:
        """The Payment Payments created (or replayed); raises PaymentRequestFailed."""
        headers = inject_headers(
            {"Authorization": f"Bearer {self._token()}", "Idempotency-Key": order_id}
        )
        try:
            response = self._http.post(
                "/payments", json={"orderId": order_id, "method": method}, headers=headers
            )
        except httpx.HTTPError as exc:
            raise PaymentRequestFailed(f"Payments unreachable: {exc!r}", retryable=True) from exc
        if response.status_code in (200, 201):
            return response.json()
        retryable = response.status_code >= 500 or response.status_code in RETRYABLE_STATUSES
        reason = f"Payments answered {response.status_code}: {response.text[:500]}"
        raise PaymentRequestFailed(reason, retryable=retryable)

    def get_payment(self, payment_id: str) -> dict[str, Any] | None:
        """The Payment with this id, or None when Payments does not know it."""
        headers = inject_headers(
            {"Authorization": f"Bearer {self._token()}", "Accept": "application/json"}
        )
        try:
            response = self._http.get(f"/payments/{payment_id}", headers=headers)
        except httpx.HTTPError as exc:
            raise PaymentRequestFailed(f"Payments unreachable: {exc!r}", retryable=True) from exc
        if response.status_code == 404:
            return None
        if response.status_code == 200:
            return response.json()
        retryable = response.status_code >= 500 or response.status_code in RETRYABLE_STATUSES
        reason = f"Payments answered {response.status_code}: {response.text[:500]}"
        raise PaymentRequestFailed(reason, retryable=retryable)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()
