"""Kombu's filesystem transport, as the suite's broker tap needs it across processes.

A candidate on `filesystem://` shares a data folder with the suite: `<data_folder>/messages` holds
one `.msg` file per message and queue, `<data_folder>/control` one `<exchange>.exchange` file
listing the bindings. Two fixes over Kombu's own channel (the suite keeps its own copy: it never
imports the reference): a binding is always written to the control folder (Kombu skips it once
its in-process state has seen it), and a message file another process is still writing is left
for the next poll instead of being read half-written (Kombu's writer creates the file, then locks
and fills it).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from queue import Empty
from typing import Any

from kombu.transport import filesystem
from kombu.utils.json import loads

POLLING_INTERVAL = 0.05


class Channel(filesystem.Channel):
    def queue_bind(
        self,
        queue: str,
        exchange: str | None = None,
        routing_key: str = "",
        arguments: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Persist the binding in the control folder even when this process has seen it."""
        super().queue_bind(queue, exchange, routing_key, arguments, **kwargs)
        exchange = exchange or "amq.direct"
        meta = self.typeof(exchange).prepare_bind(queue, exchange, routing_key, arguments)
        self._queue_bind(exchange, *meta)

    def _get(self, queue: str, timeout: float | None = None) -> Any:
        """The oldest complete message of `queue`; files still being written are skipped.

        `timeout` is unused, as in kombu's filesystem transport; the base channel declares it."""
        wanted = f"{queue}.msg"
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.startswith(".") or name.partition(".")[2] != wanted:
                continue
            path = os.path.join(self.data_folder_in, name)
            payload = _read_complete(path)
            if payload is None:
                continue
            try:
                os.remove(path)
            except FileNotFoundError:  # taken by another reader of the same queue
                continue
            return payload
        raise Empty()


def _read_complete(path: str) -> Any:
    """The message in `path`, or None while its writer holds it or it is not whole JSON yet."""
    try:
        with open(path, "rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return None
            data = handle.read()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except FileNotFoundError:
        return None
    try:
        return loads(data.decode("utf-8")) if data else None
    except ValueError:
        return None


class Transport(filesystem.Transport):
    Channel = Channel


def transport_options(data_folder: Path) -> dict[str, Any]:
    """Kombu options for the shared folder layout (`messages/`, `control/`), made if missing."""
    messages, control = data_folder / "messages", data_folder / "control"
    messages.mkdir(parents=True, exist_ok=True)
    control.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(messages),
        "data_folder_out": str(messages),
        "control_folder": str(control),
        "polling_interval": POLLING_INTERVAL,
    }
