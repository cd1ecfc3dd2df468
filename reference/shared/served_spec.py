"""The OpenAPI document Swagger UI reads names the URL the service actually runs on."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SPEC_PATHS = ("/openapi.json", "/openapi.yaml")
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


class ServedServersMiddleware:
    """Rewrites `servers` in the served spec (`/openapi.json`, `/openapi.yaml`) to the URL the
    request reached the service at.

    Connexion serves `servers: [{url: ""}]` (an empty entry in Swagger UI's Servers list), and the
    spec's own `servers` name the default port, not the one the service was started on. The
    request's `Host` says where the service answers, behind a port forward too.
    """

    def __init__(self, app: ASGIApp, description: str) -> None:
        self.app, self.description = app, description

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].endswith(SPEC_PATHS)
        ):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                await self._send(start, b"".join(chunks), scope, send)

        await self.app(scope, receive, hold)

    async def _send(self, start: Message, body: bytes, scope: Scope, send: Send) -> None:
        if start["status"] == 200:
            body = self._rewrite(body, scope)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode("latin-1")))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _rewrite(self, body: bytes, scope: Scope) -> bytes:
        as_json = scope["path"].endswith(".json")
        try:
            spec: Any = json.loads(body) if as_json else yaml.safe_load(body)
        except (ValueError, yaml.YAMLError):
            return body
        if not isinstance(spec, dict):
            return body
        spec["servers"] = [{"url": origin(scope), "description": self.description}]
        if as_json:
            return json.dumps(spec, ensure_ascii=False).encode("utf-8")
        return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True).encode("utf-8")


def origin(scope: Scope) -> str:
    """`scheme://host[:port]` plus the root path this request came through."""
    host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
    if not _HOST.match(host):  # no Host, or one that is not a host: the socket we listen on
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}".rstrip("/")
