"""Helpers shared by the events tests."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def wait_for(condition: Callable[[], object], timeout: float = 8.0) -> object:
    """Poll until `condition()` is truthy or the deadline passes (then fail)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"condition not met within {timeout}s")
