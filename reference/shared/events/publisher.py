"""Domain events out: CloudEvents recorded in the outbox, lifecycle log records after commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reference.shared.tracing import current_traceparent

from .outbox import record_event


class DomainEventPublisher:
    """Records CloudEvents in the caller's transaction; after commit logs and wakes the relay.

    A service gives two functions: `to_cloudevent` (the event its AsyncAPI document promises for
    a domain event, or None) and `log_event` (the lifecycle record of a committed domain event).
    """

    def __init__(
        self,
        to_cloudevent: Callable[[Any, str | None], dict[str, Any] | None],
        log_event: Callable[[Any], None],
        notify: Callable[[], None] = lambda: None,
    ) -> None:
        self.to_cloudevent, self.log_event, self.notify = to_cloudevent, log_event, notify

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
