"""Running the reference services: one service per process, and the supervisor of them all.

`python -m reference.serve orders` runs one service under uvicorn (JSON logs, no access log);
`accord serve` supervises one such process per service (see `Supervisor`).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from reference.shared.settings import DEFAULT_PORTS, HOST, env_log_file, env_port

log = logging.getLogger("reference.serve")


def run_service(service: str, host: str = HOST, port: int | None = None) -> None:
    """Serve one reference service in this process until SIGINT/SIGTERM."""
    import uvicorn

    from reference.shared.http_server import ProblemHttpToolsProtocol

    module = importlib.import_module(f"reference.{service}.bootstrap")
    app = module.create_app()
    # What start-up built lives as long as the process: out of the collector's sight, a full
    # collection no longer walks it (measured: p99 of a GET under load).
    gc.collect()
    gc.freeze()
    port = port or env_port(service)
    # log_config=None: uvicorn's loggers propagate to our JSON root handler; the protocol answers
    # malformed requests and oversized header sections as problem+json (docs/contracts.md).
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        http=ProblemHttpToolsProtocol,
    )


def port_free(host: str, port: int) -> bool:
    """True when nothing listens on host:port and we may bind it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def wait_listening(host: str, port: int, deadline: float) -> bool:
    """Poll until host:port accepts connections or the deadline passes."""
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


class Supervisor:
    """Starts one `python -m reference.serve <service>` process per service and stops them all."""

    def __init__(
        self,
        ports: dict[str, int],
        data_dir: Path,
        host: str = HOST,
        output: Path | None = None,
        log_console: bool = False,
    ) -> None:
        """`output`: a file for the children's stdout/stderr (default: this process's console);
        `log_console`: JSON log lines on that output too, not only in each service's log file
        (also when $ACCORD_LOG_CONSOLE says so)."""
        self.ports, self.data_dir, self.host, self.output = ports, data_dir, host, output
        self.log_console = log_console
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def log_file(self, service: str) -> Path:
        """Where the service's JSON log lines go: $ACCORD_<SERVICE>_LOG_FILE, else the data dir."""
        return env_log_file(service) or self.data_dir / "logs" / f"{service}.jsonl"

    def env(self, service: str) -> dict[str, str]:
        """The child's environment: the shared data dir, its port, log file, Payments' URL."""
        env = dict(os.environ)
        env["ACCORD_DATA_DIR"] = str(self.data_dir)
        env[f"ACCORD_{service.upper()}_PORT"] = str(self.ports[service])
        env[f"ACCORD_{service.upper()}_LOG_FILE"] = str(self.log_file(service))
        if self.log_console:
            env["ACCORD_LOG_CONSOLE"] = "true"
        else:
            env.setdefault("ACCORD_LOG_CONSOLE", "false")
        env.setdefault("ACCORD_PAYMENTS_URL", f"http://{self.host}:{self.ports['payments']}")
        # Connexion's import warns about starlette's test client: noise on the operator's console.
        env.setdefault("PYTHONWARNINGS", "ignore:Using `httpx` with `starlette.testclient`")
        return env

    def start(self, timeout: float = 30.0) -> None:
        """Spawn every service and wait until each listens; raises RuntimeError otherwise."""
        from reference.shared.auth import DevIssuer

        (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        DevIssuer(self.data_dir).public_key_pem()  # one key pair, before the services race for it
        sink = open(self.output, "ab") if self.output else None  # noqa: SIM115 (children hold it)
        for service, port in self.ports.items():
            command = [sys.executable, "-m", "reference.serve", service, "--port", str(port)]
            command += ["--host", self.host]
            self.processes[service] = subprocess.Popen(
                command,
                env=self.env(service),
                stdout=sink,
                stderr=subprocess.STDOUT if sink else None,
            )
        if sink:
            sink.close()
        deadline = time.monotonic() + timeout
        for service, port in self.ports.items():
            while not wait_listening(self.host, port, min(deadline, time.monotonic() + 0.5)):
                if self.processes[service].poll() is not None or time.monotonic() > deadline:
                    output = self.output or "the output above"
                    where = f"{self.log_file(service)} and {output}"
                    raise RuntimeError(f"{service} did not start (see {where})")

    def wait(self) -> int:
        """Block until a child exits; returns its exit status."""
        while True:
            for service, process in self.processes.items():
                code = process.poll()
                if code is not None:
                    log.error("%s exited with status %s", service, code)
                    return code or 1
            time.sleep(0.2)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM every child, wait for a clean exit, kill what lingers."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def main(argv: list[str] | None = None) -> int:
    """`python -m reference.serve SERVICE [--host H] [--port P]`."""
    parser = argparse.ArgumentParser(prog="python -m reference.serve")
    parser.add_argument("service", choices=sorted(DEFAULT_PORTS))
    parser.add_argument("--host", default=HOST)
    parser.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    run_service(args.service, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
