"""ASGI lifespan: a service's background workers start and stop with the server."""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)


class LifespanApp:
    """ASGI wrapper: runs `start`/`stop` on the server's lifespan events, passes HTTP through."""

    def __init__(self, app: ASGIApp, start: Callable[[], None], stop: Callable[[], None]) -> None:
        self.app, self._start, self._stop = app, start, stop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self._step(self._start, "startup", send)
            elif message["type"] == "lifespan.shutdown":
                await self._step(self._stop, "shutdown", send)
                return

    async def _step(self, action: Callable[[], None], phase: str, send: Send) -> None:
        try:
            action()
        except Exception as exc:
            log.exception("lifespan %s failed", phase)
            await send({"type": f"lifespan.{phase}.failed", "message": repr(exc)})
            return
        await send({"type": f"lifespan.{phase}.complete"})
