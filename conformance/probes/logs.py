"""Reads a service's JSON-lines logs from the target's log source (a file, or a command's output).

Checks judge `LogLines`: the records a service wrote while the suite made one triggering call. A
file source is read from a mark taken before the call; a command source is run after it and filtered
by the trace id the suite sent.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from dataclasses import dataclass, field
from typing import Any

from conformance.registry import Unavailable
from conformance.target import LogSource


@dataclass(frozen=True)
class LogLines:
    """The log records of one service, as raw lines and parsed objects (None when not JSON)."""

    service: str
    lines: tuple[str, ...] = ()
    trace_id: str | None = None
    request: dict[str, Any] = field(default_factory=dict)  # evidence of the triggering call

    @property
    def records(self) -> list[Any]:
        return [_parse(line) for line in self.lines]

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "logs",
            "service": self.service,
            "trace_id": self.trace_id,
            "lines": list(self.lines[-50:]),
            "trigger": self.request,
        }


def _parse(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None


def mark(source: LogSource) -> int:
    """Where the file ends now (0 for command sources)."""
    if source.file is None or not source.file.exists():
        return 0
    return source.file.stat().st_size


def read_since(source: LogSource, offset: int = 0, timeout: float = 10) -> list[str]:
    """The lines written after `offset` (file), or everything the command prints."""
    if source.file is not None:
        if not source.file.exists():
            raise Unavailable(f"log file {source.file} does not exist")
        with source.file.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", errors="replace").splitlines()
    done = subprocess.run(
        shlex.split(source.command or ""),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise Unavailable(f"log command exited {done.returncode}: {done.stderr.strip()[:200]}")
    return done.stdout.splitlines()
