"""A tiny Payments provider with a seeded defect, for the pacts family: it answers the
`orders-payments` pact's requests like the reference, except that a declined payment comes back
with `status: "declined"` (the pact pins `pending` or `failed`). Tokens are not checked."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakePayments:
    def __init__(self, defects: set[str]) -> None:
        self.defects = defects
        self.payments: dict[str, dict[str, Any]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> FakePayments:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                method = body.get("method", "card")
                status = "successful" if method == "card" else "failed"
                if status == "failed" and "declined_status" in fake.defects:
                    status = "declined"
                payment = {
                    "id": str(uuid.uuid4()),
                    "orderId": body["orderId"],
                    "method": method,
                    "status": status,
                    "createdAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
                fake.payments[payment["id"]] = payment
                self._send(201, payment, {"Location": f"/payments/{payment['id']}"})

            def do_GET(self) -> None:
                payment = fake.payments.get(self.path.rsplit("/", 1)[-1])
                if payment is None:
                    problem = {
                        "type": "https://accord.dev/problems/not_found",
                        "title": "Not found",
                        "status": 404,
                    }
                    self._send(404, problem, {}, "application/problem+json")
                else:
                    self._send(200, payment, {})

            def _send(
                self, status: int, body: Any, headers: dict, kind: str = "application/json"
            ) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
