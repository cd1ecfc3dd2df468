"""The reference services as a black box: `accord serve` in a subprocess on free ports, with a
target file for them (filesystem broker, tokens minted with the data dir's dev issuer key)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ACCORD = [sys.executable, "-c", "import sys; from accord.cli import main; sys.exit(main())"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Reference:
    """`accord serve --data-dir DIR --orders-port X --payments-port Y`, started and stopped."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.ports = {"orders": free_port(), "payments": free_port()}
        self.output = data_dir.parent / f"{data_dir.name}.serve.out"
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def __enter__(self) -> Reference:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [*ACCORD, "serve", "--data-dir", str(self.data_dir)]
        command += ["--orders-port", str(self.ports["orders"])]
        command += ["--payments-port", str(self.ports["payments"])]
        env = {**os.environ, "ACCORD_DATA_DIR": str(self.data_dir), "PACT_DO_NOT_TRACK": "true"}
        with self.output.open("wb") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 40
        while "Press Ctrl-C to stop." not in self.output.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise AssertionError(f"accord serve did not start: {self.output.read_text()}")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def key_file(self) -> Path:
        return self.data_dir / "keys" / "dev-issuer.key.pem"

    def target(self, path: Path, **extra: Any) -> Path:
        """A target file for this deployment (extra top-level keys merged in)."""
        document = {
            "services": {name: {"base_url": self.url(name)} for name in self.ports},
            "broker": {"url": "filesystem://", "data_folder": str(self.data_dir / "broker")},
            "tokens": {"mint": {"private_key_file": str(self.key_file()), "issuer": "accord-dev"}},
            "timeouts": {"connect": 2, "request": 10, "event": 10},
            **extra,
        }
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        return path
