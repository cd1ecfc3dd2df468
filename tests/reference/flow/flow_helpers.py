"""Helpers of the flow tests: `accord serve` in a subprocess, a broker tap, log readers."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import yaml
from jsonschema import Draft202012Validator

from accord.bundled import specs_dir
from reference.shared.auth import DevIssuer
from reference.shared.events import Broker

# The CLI in a child process (accord.cli has no `__main__` block).
ACCORD = [sys.executable, "-c", "import sys; from accord.cli import main; sys.exit(main())"]


def free_port() -> int:
    """A TCP port nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def eventually(check: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll `check` until it returns something truthy, or fail at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


class Deployment:
    """Both services started by `accord serve` in a subprocess, with a client and a broker tap."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.ports = {"orders": free_port(), "payments": free_port()}
        self.env = {**os.environ, "ACCORD_DATA_DIR": str(data_dir), **(env or {})}
        self.output = data_dir / "serve.out"
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [*ACCORD, "serve", "--data-dir", str(self.data_dir)]
        command += ["--orders-port", str(self.ports["orders"])]
        command += ["--payments-port", str(self.ports["payments"])]
        with self.output.open("wb") as out:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        eventually(self._ready, 40, "accord serve to start")

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"accord serve exited: {self.output.read_text()[-3000:]}")
        return "Press Ctrl-C to stop." in self.output.read_text(errors="replace")

    def stop(self) -> int:
        """Ctrl-C, as an operator would; returns the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def headers(self, *scopes: str) -> dict[str, str]:
        audience = scopes[0].split(".")[0]
        token = DevIssuer(self.data_dir).mint(scopes, audience)
        return {"Authorization": f"Bearer {token}"}

    def create_order(self, method: str) -> httpx.Response:
        body = {"customerId": "cust-42", "items": ["sku-123"], "paymentMethod": method}
        return httpx.post(
            self.url("orders") + "/orders", json=body, headers=self.headers("orders.write")
        )

    def order(self, order_id: str) -> dict[str, Any]:
        url = f"{self.url('orders')}/orders/{order_id}"
        return httpx.get(url, headers=self.headers("orders.read")).json()

    def log_records(self, service: str) -> list[dict[str, Any]]:
        path = self.data_dir / "logs" / f"{service}.jsonl"
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


class Tap:
    """A queue bound to the event exchange that the test reads (no ack needed)."""

    def __init__(self, broker: Broker, name: str, keys: list[str]) -> None:
        self.broker, self.name = broker, name
        self.queue = broker.declare_queue(name, keys, dead_letter=False)
        self.seen: list[dict[str, Any]] = []

    def drain(self) -> list[dict[str, Any]]:
        with self.broker.connection() as conn:
            bound = self.queue(conn.default_channel)
            while (message := bound.get(no_ack=True)) is not None:
                self.seen.append(json.loads(message.body))
        return self.seen

    def find(self, type_: str, subject: str) -> dict[str, Any] | None:
        for event in self.drain():
            if event["type"] == type_ and event["subject"] == subject:
                return event
        return None


def log_record_validator() -> Draft202012Validator:
    schema = yaml.safe_load((specs_dir() / "common" / "log-record.schema.yaml").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def lifecycle(records: list[dict[str, Any]], event: str, **match: Any) -> dict[str, Any] | None:
    for record in records:
        if record.get("event") == event and all(record.get(k) == v for k, v in match.items()):
            return record
    return None
