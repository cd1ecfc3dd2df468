"""Reads a service's JSON-lines logs from the target's log source (a file, or a command's output).

Checks judge `CallLogs`: the lifecycle records the services wrote for one triggering call. A file
source is followed from a mark taken before the first call (only whole lines are read); a command
source is run again at each poll and the lines it printed before are skipped (its output is taken
as append-only, like `docker logs`). Each line is tagged with the call that was running when it was
read, so a record can be found by its trace id, by the resource it names, or by that window.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from dataclasses import dataclass, field
from typing import Any

from conformance.registry import SetupFailed
from conformance.target import LogSource


@dataclass(frozen=True)
class LogRecord:
    """One line a service wrote, found as a lifecycle record of a call (and how it was found)."""

    service: str
    line: str
    found_by: str = "trace"  # "trace", "resource" or "window"

    @property
    def record(self) -> Any:
        return parse(self.line)

    def field(self, name: str) -> Any:
        record = self.record
        return record.get(name) if isinstance(record, dict) else None


@dataclass(frozen=True)
class CallLogs:
    """The lifecycle records one triggering call caused, and the ones the specs expect of it."""

    call: str  # the flow step that made the call, e.g. "seed:cardOrderIsPaid.placeOrder"
    entry: str  # the service the call was sent to
    trace_id: str  # the trace id the suite sent in `traceparent`
    expected: dict[str, tuple[str, ...]] = field(default_factory=dict)  # service -> events
    records: tuple[LogRecord, ...] = ()
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)  # service -> log schema
    trigger: dict[str, Any] = field(default_factory=dict)

    def of(self, *services: str) -> list[LogRecord]:
        return [r for r in self.records if r.service in services]

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "logs",
            "call": self.call,
            "trace_id": self.trace_id,
            "expected": {s: list(e) for s, e in self.expected.items()},
            "lines": [f"{r.service} ({r.found_by}): {r.line}" for r in self.records[:50]],
            "trigger": self.trigger,
        }


def parse(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None


def mark(source: LogSource) -> int:
    """Where the file ends now (0 for command sources)."""
    if source.file is None or not source.file.exists():
        return 0
    return source.file.stat().st_size


def _command_lines(source: LogSource, timeout: float) -> list[str]:
    try:
        done = subprocess.run(
            shlex.split(source.command or ""),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SetupFailed(f"log command {source.command!r} failed: {exc}") from exc
    if done.returncode != 0:
        raise SetupFailed(f"log command exited {done.returncode}: {done.stderr.strip()[:200]}")
    return done.stdout.splitlines()


class LogFollower:
    """Follows one service's log source from now on: `poll()` gives the new whole lines."""

    def __init__(self, service: str, source: LogSource, timeout: float = 10) -> None:
        self.service, self.source, self.timeout = service, source, timeout
        self.offset = mark(source)
        self.seen = len(_command_lines(source, timeout)) if source.file is None else 0

    def poll(self) -> list[str]:
        if self.source.file is None:
            lines = _command_lines(self.source, self.timeout)
            new, self.seen = lines[self.seen :], max(self.seen, len(lines))
            return new
        if not self.source.file.exists():
            return []
        if self.source.file.stat().st_size < self.offset:  # truncated or rotated: start over
            self.offset = 0
        with self.source.file.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        whole = data[: data.rfind(b"\n") + 1]  # a line still being written waits for next poll
        self.offset += len(whole)
        return whole.decode("utf-8", errors="replace").splitlines()
