"""ASGI to WSGI in one hop: Flask runs once per request in a worker thread, answers buffered.

Connexion serves Flask through a2wsgi's `WSGIMiddleware`, which streams both ways and costs four
or five thread/event-loop round trips a request (a fifth of a request's CPU when profiled). Our
handlers answer small JSON documents and Connexion's middleware has already read the body to
validate it, so this bridge reads the body, makes one call into the thread pool and sends the
whole answer. The environ is a2wsgi's own (`build_environ`), so Flask sees what it saw before.
"""

from __future__ import annotations

import asyncio
import contextvars
import io
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from a2wsgi.wsgi import build_environ
from starlette.types import Message, Receive, Scope, Send

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class BufferedWsgiBridge:
    """An ASGI app calling `wsgi_app` once per request in a pool of `workers` threads."""

    def __init__(self, wsgi_app: WsgiApp, workers: int = 10) -> None:
        self.wsgi_app = wsgi_app
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wsgi")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # a WSGI app has nothing to start or stop
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            await send({"type": "websocket.close", "code": 1000})
            return
        body = await _read_body(receive)
        environ = build_environ(scope, io.BytesIO(body))  # type: ignore[arg-type]
        # The handler runs in this request's context (its span, Connexion's request context).
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(
            self.executor, context.run, self._call, environ
        )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _call(self, environ: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return _no_write

        result = self.wsgi_app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = started
        encoded = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
        return int(status.split(" ", 1)[0]), encoded, content


def _no_write(data: bytes) -> None:
    # Flask never calls it; an app that does would lose its output silently otherwise.
    raise RuntimeError("this bridge does not support the legacy WSGI write() callable")


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def install(flask_app: Any) -> None:
    """Serve `flask_app` (a connexion.FlaskApp) through the bridge instead of a2wsgi."""
    inner = flask_app._middleware_app  # Connexion's FlaskASGIApp: its `asgi_app` is a2wsgi's
    inner.asgi_app = BufferedWsgiBridge(inner.app.wsgi_app)
