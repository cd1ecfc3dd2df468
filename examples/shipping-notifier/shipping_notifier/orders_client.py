"""Reads orders from the Orders API (`GET /orders/{id}`) with a bearer token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx


class OrdersUnavailable(Exception):
    """Orders answered something other than the order or a 404."""


class OrdersClient:
    """The only call the notifier makes to Orders."""

    def __init__(self, base_url: str, token: Callable[[], str], timeout: float = 5.0) -> None:
        self._token = token
        self._http = httpx.Client(base_url=base_url, timeout=timeout)

    def get_order(self, order_id: str) -> dict[str, Any] | None:
        """The order, or None when Orders does not know it."""
        headers = {"Authorization": f"Bearer {self._token()}", "Accept": "application/json"}
        response = self._http.get(f"/orders/{order_id}", headers=headers)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise OrdersUnavailable(f"Orders answered {response.status_code}")
        return response.json()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()
