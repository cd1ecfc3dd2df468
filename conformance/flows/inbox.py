"""The messages a workflow's tap has received, kept so receive steps can claim them in order.

A receive step takes the first message on its channel that correlates and meets its criteria, and
no later step can take the same message: a flow expecting `order.updated` twice needs two.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from conformance.observations import RawEvent
from conformance.probes.events import BrokerTap


@dataclass
class Inbox:
    tap: BrokerTap
    messages: list[RawEvent] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)  # indexes claimed by receive steps
    opened: float = field(default_factory=time.monotonic)

    def poll(self) -> None:
        for raw in self.tap.poll():
            self.messages.append(raw)

    def on(self, channel: str) -> list[tuple[int, RawEvent]]:
        """The unclaimed messages of a channel, oldest first."""
        return [
            (i, m)
            for i, m in enumerate(self.messages)
            if m.routing_key == channel and i not in self.taken
        ]

    def claim(self, index: int) -> None:
        self.taken.add(index)

    def close(self) -> None:
        self.tap.close()
