"""What every bench script shares: processes pinned to cores, wrk runs, rounds, ratio tables.

Figures on these machines drift from run to run, so every bench measures its subject and a named
baseline side by side, alternating within one run, and prints ratios: the median of the rounds
and their spread (min..max), with the machine's load average before and after.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
console = Console(width=None if sys.stdout.isatty() else 160)

# wrk reports through a Lua `done` hook: one JSON line, so nothing is parsed out of its prose.
_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nACCORD-WRK {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,'
    .. '"errors":%d,"non_2xx":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def fail(message: str) -> None:
    """Stop the bench with a one-line reason (exit 2)."""
    console.print(f"[red]bench: {escape(message)}[/red]")
    raise SystemExit(2)


def require_tool(name: str, install: str) -> str:
    """The path of `name` (on PATH or beside this Python), or exit 2 saying how to install it."""
    path = shutil.which(name) or shutil.which(name, path=str(Path(PYTHON).parent))
    if path is None:
        fail(f"{name} is not installed; install it with: {install}")
    return path  # type: ignore[return-value]


def cores() -> list[int]:
    """The CPUs this process may run on."""
    return sorted(os.sched_getaffinity(0))


def load_average() -> str:
    """The 1-minute load average and the core count, e.g. `0.42 on 2 cores`."""
    return f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(
    port: int, timeout: float = 30.0, process: subprocess.Popen | None = None
) -> None:
    """Poll until 127.0.0.1:port accepts connections; exit 2 when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            fail(f"the process on port {port} exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.02)
    fail(f"nothing listens on port {port} after {timeout:.0f} s")


@dataclass
class Process:
    """A child process (a service, a baseline) pinned to some cores, in its own process group."""

    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    cpus: Sequence[int] | None = None
    log: Path | None = None
    popen: subprocess.Popen | None = None

    def start(self) -> Process:
        argv = list(self.argv)
        if self.cpus is not None:
            argv = ["taskset", "-c", ",".join(map(str, self.cpus)), *argv]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.popen = subprocess.Popen(
            argv,
            env={**os.environ, **self.env},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def pids(self) -> list[int]:
        """This process and its descendants (gunicorn's workers, say)."""
        found, frontier = [self.pid], [self.pid]
        while frontier:
            parent = frontier.pop()
            children = Path(f"/proc/{parent}/task/{parent}/children")
            try:
                kids = [int(p) for p in children.read_text().split()]
            except OSError:
                kids = []
            found += kids
            frontier += kids
        return found

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


@contextmanager
def running(process: Process, port: int, timeout: float = 30.0) -> Iterator[Process]:
    """Start `process`, wait until `port` listens, stop it (and its group) afterwards."""
    process.start()
    try:
        wait_listening(port, timeout, process.popen)
        yield process
    finally:
        process.stop()


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU time of `pids` so far, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rss_mb(pid: int) -> float:
    """Resident set size of `pid` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    rps: float
    requests: int
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int = 32,
    cpus: Sequence[int] | None = None,
    method: str = "GET",
    body: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Load:
    """Load `url` with wrk (one thread) for `seconds`; the figures it reports."""
    binary = require_tool("wrk", "apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    script = _WRK_REPORT
    if method != "GET" or body is not None:
        script = (
            f"wrk.method = {json.dumps(method)}\nwrk.body = {json.dumps(body or '')}\n" + script
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    argv = [
        binary,
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "-s",
        lua.name,
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    if cpus is not None:
        argv = ["taskset", "-c", ",".join(map(str, cpus)), *argv]
    try:
        done = subprocess.run([*argv, url], capture_output=True, text=True, check=False)
    finally:
        os.unlink(lua.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("ACCORD-WRK ")), None)
    if line is None:
        output = (done.stdout + done.stderr).strip()[:200]
        fail(f"wrk printed no report (exit {done.returncode}): {output}")
    data = json.loads(line.split(" ", 1)[1])
    return Load(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        requests=data["requests"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["errors"],
        non_2xx=data["non_2xx"],
    )


def median_spread(values: Sequence[float], digits: int = 2) -> str:
    """`median (min..max)` of `values`."""
    if not values:
        return "-"
    med = statistics.median(values)
    return f"{med:.{digits}f} ({min(values):.{digits}f}..{max(values):.{digits}f})"


def alternate(rounds: int, subjects: Mapping[str, Callable[[], float]]) -> dict[str, list[float]]:
    """Run each subject once per round, alternating, so drift hits them alike."""
    results: dict[str, list[float]] = {name: [] for name in subjects}
    for _ in range(rounds):
        for name, measure in subjects.items():
            results[name].append(measure())
    return results


def ratio_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """A rich table with the machine's load in its caption."""
    table = Table(title=title, caption=f"load average {load_average()}")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def verdict(name: str, value: float, target: float, *, at_least: bool = True) -> tuple[str, bool]:
    """A one-line comparison against a target, and whether it holds."""
    holds = value >= target if at_least else value <= target
    sign = "≥" if at_least else "≤"
    mark = "[green]met[/green]" if holds else "[red]NOT met[/red]"
    return f"{name}: {value:.3g} (target {sign} {target:g}) {mark}", holds


def reference_env(service: str, data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a reference service on the embedded defaults under `data_dir`.

    `overrides` are more variables, e.g. `ACCORD_ORDERS_DATABASE_URL` or `ACCORD_BROKER_URL`."""
    return {
        "ACCORD_DATA_DIR": str(data_dir),
        "ACCORD_LOG_CONSOLE": "false",
        f"ACCORD_{service.upper()}_LOG_FILE": str(data_dir / "logs" / f"{service}.jsonl"),
        "PYTHONWARNINGS": "ignore",
        **overrides,
    }


def reference_argv(service: str, port: int, workers: int = 1) -> list[str]:
    """How a reference service is served: as `accord serve` does (one worker), or gunicorn."""
    if workers == 1:
        return [PYTHON, "-m", "reference.serve", service, "--port", str(port)]
    return [
        PYTHON, "-m", "gunicorn", "-k", "uvicorn_worker.UvicornWorker", "-w", str(workers),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        f"reference.{service}.bootstrap:create_app()",
    ]  # fmt: skip


def mint_token(data_dir: Path, scopes: Sequence[str], audience: str) -> str:
    """A bearer token from the development issuer whose key lives under `data_dir`."""
    from reference.shared.auth import DevIssuer

    return DevIssuer(data_dir).mint(list(scopes), audience, subject="bench", ttl=24 * 3600)
