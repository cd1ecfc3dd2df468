"""Follows the target's log sources while a workflow runs, for the records its steps must cause.

Opened before the first step when any step lists `x-accord-logs`; after the last step it keeps
reading until every expected record carrying its step's trace id has appeared, or
`timeouts.logs` has passed. A source that cannot be read is kept as that service's error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from conformance.observations import parse
from conformance.observations.flows import LogLine
from conformance.probes.logs import LogFollower
from conformance.registry import SetupFailed

POLL = 0.05


@dataclass
class LogWatch:
    followers: dict[str, LogFollower] = field(default_factory=dict)
    errors: dict[str, SetupFailed] = field(default_factory=dict)
    lines: list[LogLine] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def open(cls, target: Any) -> LogWatch:
        watch = cls()
        for name, service in target.services.items():
            if service.logs is None:
                continue
            try:
                watch.followers[name] = LogFollower(name, service.logs, target.timeouts["logs"])
            except SetupFailed as exc:
                watch.errors[name] = exc
        return watch

    def poll(self) -> None:
        now = time.monotonic() - self.started
        for name, follower in self.followers.items():
            if name in self.errors:
                continue
            try:
                self.lines += [LogLine(name, line, now) for line in follower.poll()]
            except SetupFailed as exc:
                self.errors[name] = exc

    def await_traces(
        self, wanted: list[tuple[str, dict[str, tuple[str, ...]]]], timeout: float
    ) -> None:
        """Read until each (trace id, {service: events}) has its records, or the timeout."""
        deadline = time.monotonic() + timeout
        while True:
            self.poll()
            if all(self._found(trace, expected) for trace, expected in wanted):
                return
            if time.monotonic() >= deadline:
                return
            time.sleep(POLL)

    def _found(self, trace: str, expected: dict[str, tuple[str, ...]]) -> bool:
        seen = set()
        for entry in self.lines:
            record = parse(entry.line)
            if isinstance(record, dict) and record.get("trace_id") == trace:
                seen.add((entry.service, record.get("event")))
        return all(
            (service, event) in seen
            for service, events in expected.items()
            if service in self.followers and service not in self.errors
            for event in events
        )
