"""The two reference services as separate processes (so one can be `kill -9`ed), a small load of
order creations, and the figures a fault run is judged by."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from reference.shared.auth import DevIssuer

SERVICES = ("orders", "payments")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Services:
    """`python -m reference.serve <service>` per service, sharing one data dir and `env`."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir, self.extra = data_dir, env or {}
        self.ports = {name: free_port() for name in SERVICES}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        (data_dir / "logs").mkdir(parents=True, exist_ok=True)
        DevIssuer(data_dir).public_key_pem()
        self.token = DevIssuer(data_dir).mint(["orders.read", "orders.write"], "orders")

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self, service: str, timeout: float = 30.0) -> None:
        env = {**os.environ, "ACCORD_DATA_DIR": str(self.data_dir), "ACCORD_LOG_CONSOLE": "false"}
        env |= {
            f"ACCORD_{service.upper()}_LOG_FILE": str(self.data_dir / "logs" / f"{service}.jsonl"),
            "ACCORD_PAYMENTS_URL": self.url("payments"),
            "ACCORD_ORDERS_RECONCILE_AFTER": "2",
            **self.extra,
        }
        command = [sys.executable, "-m", "reference.serve", service]
        command += ["--port", str(self.ports[service])]
        with (self.data_dir / f"{service}.out").open("ab") as out:
            self.processes[service] = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.ports[service]), 0.5).close()
                return
            except OSError:
                assert self.processes[service].poll() is None, f"{service} exited"
                assert time.monotonic() < deadline, f"{service} did not start"
                time.sleep(0.05)

    def kill9(self, service: str) -> None:
        process = self.processes[service]
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()

    def log_count(self, service: str, text: str) -> int:
        path = self.data_dir / "logs" / f"{service}.jsonl"
        return path.read_text(errors="replace").count(text) if path.exists() else 0


class Load:
    """A thread creating orders at `rate` per second; counts what was accepted and what failed."""

    def __init__(self, services: Services, rate: float = 5.0) -> None:
        self.services, self.rate = services, rate
        self.accepted: list[str] = []
        self.failed: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Load:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        headers = {"Authorization": f"Bearer {self.services.token}"}
        methods = ["card", "card", "test_declined"]
        with httpx.Client(base_url=self.services.url("orders"), timeout=10) as http:
            while not self._stop.wait(1 / self.rate):
                body = {"customerId": "c-fault", "items": ["sku-1"]}
                body["paymentMethod"] = methods[len(self.accepted) % 3]
                try:
                    response = http.post("/orders", json=body, headers=headers)
                except httpx.HTTPError as exc:
                    self.failed.append(repr(exc))
                    continue
                if response.status_code == 201:
                    self.accepted.append(response.json()["id"])
                else:
                    self.failed.append(f"{response.status_code} {response.text[:200]}")


def figures(orders_db: str, payments_db: str, accepted: list[str]) -> dict[str, int]:
    """What the databases say: orders with an outcome, lost ones, duplicate payments."""
    with sa.create_engine(orders_db).connect() as conn:
        rows = conn.execute(sa.text("SELECT id, payment_status FROM orders")).all()
    with sa.create_engine(payments_db).connect() as conn:
        query = "SELECT count(*) FROM (SELECT order_id FROM payments GROUP BY order_id "
        duplicates = conn.execute(sa.text(query + "HAVING count(*) > 1) d")).scalar_one()
    settled = {order_id for order_id, status in rows if status in ("successful", "failed")}
    return {
        "accepted": len(accepted),
        "orders in db": len(rows),
        "outcomes": len(settled),
        "lost": len({order_id for order_id, _ in rows} - settled),
        "accepted not in db": len(set(accepted) - {order_id for order_id, _ in rows}),
        "duplicate payments": duplicates,
    }


def wait_settled(orders_db: str, payments_db: str, accepted: list[str], timeout: float) -> dict:
    """Poll the figures until nothing is lost, or the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        found = figures(orders_db, payments_db, accepted)
        if found["lost"] == 0 or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def table(title: str, rows: dict[str, Any]) -> str:
    """The figures as a small text table (printed with -s, and written beside the run)."""
    width = max(len(name) for name in rows)
    lines = [title, "-" * len(title)] + [
        f"{name:<{width}}  {value}" for name, value in rows.items()
    ]
    return "\n".join(lines)
