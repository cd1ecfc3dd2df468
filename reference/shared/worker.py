"""A background worker: a daemon thread that drains a queue of work when notified and on a poll."""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod

log = logging.getLogger(__name__)


class BackgroundWorker(ABC):
    """Calls `drain_once` when woken by `notify()`, else every poll interval, backing off on errors.

    A subclass gives `drain_once`; it may give `_drain` (one round, e.g. several batches) and
    `_next_wait` (seconds until work falls due), and call `_back_off`/`_recovered` itself."""

    def __init__(self, name: str, poll_interval: float, max_backoff: float) -> None:
        self._name, self._poll_interval, self._max_backoff = name, poll_interval, max_backoff
        self._wake, self._stopping = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._not_before = 0.0

    def notify(self) -> None:
        """Wake the worker now (call right after the commit that queued work); never raises."""
        self._wake.set()

    def start(self) -> None:
        """Start the thread; it first drains whatever an earlier run left."""
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self.notify()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread and wait for the work in flight to finish."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @abstractmethod
    def drain_once(self) -> int:
        """Do the work that is due once; return how much was done."""

    def _drain(self) -> None:
        self.drain_once()
        self._recovered()

    def _next_wait(self) -> float:
        return self._poll_interval

    def _back_off(self) -> float:
        """Hold the next round off, doubling from the poll interval up to `max_backoff`."""
        self._failures += 1
        doublings = min(self._failures - 1, 32)  # a long outage must not overflow the float
        delay = min(self._poll_interval * 2**doublings, self._max_backoff)
        self._not_before = time.monotonic() + delay
        return delay

    def _recovered(self) -> None:
        self._failures, self._not_before = 0, 0.0

    def _wait_time(self) -> float:
        backing_off = self._not_before - time.monotonic()
        if backing_off > 0:
            return backing_off
        return max(0.0, min(self._next_wait(), self._poll_interval))

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()  # a notify arriving during the drain is kept for the next round
            try:
                if time.monotonic() >= self._not_before:
                    self._drain()
                wait = self._wait_time()
            except Exception:  # the database is down: try again after the backoff
                log.exception("%s could not drain", self._name)
                wait = self._back_off()
            self._wake.wait(wait)
