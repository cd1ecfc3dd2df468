"""Reads a service's JSON-lines logs from the target's log source (a file, or a command's output).

Checks judge `CallLogs`: the lifecycle records the services wrote for one triggering call. A file
source is followed from a mark taken before the first call (only whole lines are read); a command
source is run again at each poll and the lines it printed before are skipped (its output is taken
as append-only, like `docker logs`). Each line is tagged with the call that was running when it was
read, so a record can be found by its trace id, by the resource it names, or by that window.
"""

from __future__ import annotations

import shlex
import subprocess

from conformance.registry import SetupFailed
from conformance.target import LogSource


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
