"""The hostile inputs, as data: each a name and how to make it (bodies as bytes, path values as
already-encoded path segments, headers as a list of pairs). Kept small: each is sent once per
operation it fits."""

from __future__ import annotations

import json

DEPTH = 10_000
DIGITS = 5_000

BODIES: dict[str, tuple[bytes | None, str | None]] = {
    # name: (body, content type; None = no Content-Type header)
    "nested 10000 deep": (b"[" * DEPTH + b"]" * DEPTH, "application/json"),
    "object nested 10000 deep": (b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, "application/json"),
    "number of 5000 digits": (b'{"n": ' + b"9" * DIGITS + b"}", "application/json"),
    "lone surrogate": (b'{"s": "\\ud800"}', "application/json"),
    "NUL in a string": (json.dumps({"s": "a\u0000b"}).encode(), "application/json"),
    "not UTF-8": (b'{"s": "\xff\xfe"}', "application/json"),
    "not JSON": (b"{'single': quotes}", "application/json"),
    "empty": (b"", "application/json"),
    "JSON without Content-Type": (b"{}", None),
    "JSON as text/plain": (b"{}", "text/plain"),
    "array instead of object": (b"[1, 2, 3]", "application/json"),
}

PATH_VALUES: dict[str, str] = {
    "newline after an id": "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b%0a",
    "NUL": "abc%00def",
    "dot segments": "..%2f..%2fetc%2fpasswd",
    "4000 characters": "a" * 4000,
    "lone surrogate escape": "%ed%a0%80",
}

HEADERS: dict[str, list[tuple[str, str]]] = {
    "two Authorization headers": [("Authorization", "Bearer a"), ("Authorization", "Bearer b")],
    "a 64 KB header": [("X-Accord-Padding", "x" * 65_536)],
    "500 headers": [(f"X-Accord-{i}", "x") for i in range(500)],
}
