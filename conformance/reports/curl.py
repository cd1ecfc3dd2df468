"""A `curl` command reproducing a recorded HTTP request; the token comes from $ACCORD_TOKEN."""

from __future__ import annotations

import shlex
from typing import Any

SKIPPED_HEADERS = {"content-length", "host", "accept-encoding", "connection", "user-agent"}


def with_reproducer(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence with a `reproduce` curl command beside each recorded request (top level and
    the `trigger` of an event or log observation), so every report can show how to repeat it."""
    found = dict(evidence)
    if isinstance(found.get("request"), dict) and "method" in found["request"]:
        found["reproduce"] = curl_command(found["request"])
    if isinstance(found.get("trigger"), dict) and found["trigger"]:
        found["trigger"] = with_reproducer(found["trigger"])
    return found


def curl_command(request: dict[str, Any]) -> str:
    """The command line; a redacted bearer token is replaced by "$ACCORD_TOKEN"."""
    parts = ["curl", "-i", "-X", request["method"], shlex.quote(request["url"])]
    for name, value in request.get("headers", {}).items():
        if name.lower() in SKIPPED_HEADERS:
            continue
        if name.lower() == "authorization":
            parts += ["-H", shlex.quote(f"{name}: Bearer ") + '"$ACCORD_TOKEN"']
        else:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if request.get("body") is not None:
        parts += ["--data-raw", shlex.quote(request["body"])]
    return " ".join(parts)
