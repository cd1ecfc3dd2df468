"""Domain events out: CloudEvents recorded in the outbox, lifecycle log records after commit."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from reference.shared.tracing import current_traceparent

from .outbox import record_event


class DomainEventPublisher(ABC):
    """Records CloudEvents in the caller's transaction; after commit logs and wakes the relay.

    A service subclasses it with `to_cloudevent` (the event its AsyncAPI document promises for a
    domain event, or None) and `log_event` (the lifecycle record of a committed domain event).
    """

    def __init__(self, notify: Callable[[], None] = lambda: None) -> None:
        self.notify = notify

    @abstractmethod
    def to_cloudevent(self, event: Any, traceparent: str | None) -> dict[str, Any] | None:
        """The CloudEvent to publish for this domain event, if any."""

    @abstractmethod
    def log_event(self, event: Any) -> None:
        """The lifecycle log record of a committed domain event."""

    def record(self, connection: Any, domain_events: list[Any]) -> int:
        """Insert the outbox rows; returns how many."""
        traceparent = current_traceparent()
        count = 0
        for event in domain_events:
            envelope = self.to_cloudevent(event, traceparent)
            if envelope is not None:
                record_event(connection, envelope)
                count += 1
        return count

    def announce(self, domain_events: list[Any], published: int) -> None:
        """After commit: one lifecycle record per event; wake the relay when rows were added."""
        for event in domain_events:
            self.log_event(event)
        if published:
            self.notify()
