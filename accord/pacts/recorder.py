"""A recording reverse proxy: a consumer's real traffic to a provider becomes a pact.

`RecordingProxy` forwards every request to the upstream provider unchanged and keeps the
exchange. `build_pact` turns the exchanges into a pact-python V4 `Pact` whose values are
generalised by the provider's OpenAPI (`recorder_rules.py`), so the pact pins what the consumer
relies on and not the values of one session. `record` writes it only when `accord pact check`
finds no mismatch with the specs.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from accord.pacts.check import Mismatch, check_pacts
from accord.pacts.recorder_rules import Generaliser, Recorded
from accord.speclint.loader import Document, Loader

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

STOP_PATH = "/__accord/stop"
HOP_BY_HOP = {
    "host",
    "connection",
    "keep-alive",
    "content-length",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
    "proxy-connection",
    "content-encoding",  # httpx hands the body over decoded
}


class RecordingProxy:
    """Forwards to `upstream` and records each exchange; stops on `POST /__accord/stop`, after
    `max_interactions` exchanges, or on `stop()`."""

    def __init__(
        self,
        upstream: str,
        port: int = 0,
        host: str = "127.0.0.1",
        max_interactions: int | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.upstream = upstream.rstrip("/")
        self.max_interactions = max_interactions
        self.recorded: list[Recorded] = []
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RecordingProxy:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until stopped (by the stop endpoint or the interaction limit)."""
        return self.stopped.wait(timeout)

    def stop(self) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()
        self._client.close()

    def forward(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Any:
        outgoing = {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}
        response = self._client.request(
            method, self.upstream + target, headers=outgoing, content=body or None
        )
        parts = urlsplit(target)
        exchange = Recorded(
            method=method.upper(),
            path=parts.path,
            query=parts.query,
            request_headers={k.lower(): v for k, v in headers.items()},
            request_body=body,
            status=response.status_code,
            response_headers={k.lower(): v for k, v in response.headers.items()},
            response_body=response.content,
        )
        with self._lock:
            self.recorded.append(exchange)
            full = self.max_interactions and len(self.recorded) >= self.max_interactions
        if full:
            self.stopped.set()
        return response


def _handler(proxy: RecordingProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _proxy(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path == STOP_PATH and self.command == "POST":
                self._send(204, {}, b"")
                proxy.stopped.set()
                return
            try:
                response = proxy.forward(self.command, self.path, dict(self.headers), body)
            except httpx.HTTPError as exc:
                message = f"upstream {proxy.upstream} did not answer: {type(exc).__name__}"
                self._send(502, {"Content-Type": "text/plain"}, message.encode())
                return
            headers = {k: v for k, v in response.headers.items() if k.lower() not in HOP_BY_HOP}
            self._send(response.status_code, headers, response.content)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _proxy

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@dataclass
class RecordResult:
    """What `record` did: the pact written (None when refused) and the spec mismatches."""

    interactions: int
    written: Path | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # exchanges left out, and why


def provider_api(specs: Path, provider: str) -> Document:
    """The provider's OpenAPI, loaded and valid; ValueError when there is none such."""
    api = Loader().service(specs / provider).api
    if api is None or not api.ok:
        raise ValueError(f"{specs / provider}: no usable OpenAPI document for {provider}")
    return api


def build_pact(
    consumer: str, provider: str, recorded: list[Recorded], specs: Path
) -> tuple[Any, int, list[str]]:
    """A pact-python V4 Pact of the recorded exchanges, values generalised by the OpenAPI;
    returns the pact, the number of interactions and the exchanges left out."""
    from pact import Pact

    generaliser = Generaliser(provider_api(specs, provider))
    pact = Pact(consumer, provider).with_specification("V4")
    seen: set[str] = set()
    skipped: list[str] = []
    for exchange in recorded:
        spec = generaliser.interaction(exchange)
        if spec is None:
            skipped.append(f"{exchange.method} {exchange.path}: not in {provider}'s OpenAPI")
            continue
        if spec.description in seen:
            continue  # the same kind of exchange again: one interaction says it
        seen.add(spec.description)
        spec.add_to(pact)
    return pact, len(seen), skipped


def record(
    consumer: str, provider: str, recorded: list[Recorded], specs: Path, out: Path
) -> RecordResult:
    """Build the pact, check it against the specs, and write it to `out` only when it agrees."""
    pact, count, skipped = build_pact(consumer, provider, recorded, specs)
    result = RecordResult(count, skipped=skipped)
    if not count:
        return result
    staging = Path(tempfile.mkdtemp(prefix="accord-record-"))
    try:
        pact.write_file(staging, overwrite=True)
        written = next(staging.glob("*.json"))
        checked = check_pacts(written, specs)
        result.mismatches = [
            Mismatch(out, m.interaction, m.spec, m.pointer, m.why) for m in checked.mismatches
        ]
        if not result.mismatches:
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(written, out)
            result.written = out
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def default_out(consumer: str, provider: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", f"{consumer}-{provider}")
    return Path("pacts") / f"{safe}.json"
