"""uvicorn's httptools protocol, answering what it refuses before the app as problem+json.

A request the HTTP parser rejects (unknown method, bad Content-Length, malformed request line or
header) never reaches the ASGI app: uvicorn answers `400 text/plain` and closes. This protocol
answers the same status with a `validation_error` problem, and stops reading a header section
beyond `request_guards`' limits with a `431` (the ASGI guard only sees headers once buffered).
Used by `python -m reference.serve` / `accord serve`; other servers keep their own answers
(documented in docs/contracts.md).
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from reference.shared.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES
from reference.shared.request_guards import MAX_HEADER_BYTES, MAX_HEADER_FIELDS


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """HttpToolsProtocol whose parser-level refusals are problem+json (400, or 431)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_bytes = 0
        self._headers_too_large = False

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_bytes = 0
        self._headers_too_large = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value)
        if self._header_bytes > MAX_HEADER_BYTES or len(self.headers) >= MAX_HEADER_FIELDS:
            self._headers_too_large = True
            raise ValueError("header section too large")  # the parser stops: send_400_response
        super().on_header(name, value)

    def send_400_response(self, msg: str) -> None:
        status = 431 if self._headers_too_large else 400
        detail = (
            f"Request header fields too large: at most {MAX_HEADER_FIELDS} fields "
            f"and {MAX_HEADER_BYTES} bytes in all."
            if status == 431
            else "The HTTP request is malformed (request line, method, header or framing)."
        )
        kind = PROBLEM_TYPES["validation_error"]
        body = json.dumps(
            {"type": kind.uri, "title": kind.title, "status": status, "detail": detail}
        )
        content = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode("ascii")]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                f"content-type: {PROBLEM_MEDIA_TYPE}\r\n".encode("ascii"),
                f"content-length: {len(body)}\r\n".encode("ascii"),
                b"connection: close\r\n\r\n",
                body.encode("ascii"),
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()
