"""Kombu's filesystem transport, made safe for readers in other processes."""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.transport import filesystem
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    """Writes each message under a hidden name, then renames it into place.

    Kombu's own `_put` creates the `.msg` file and then writes it, so a consumer in another process
    can pick up an empty or half-written file (the advisory lock does not stop its `shutil.move`).
    `os.replace` within one folder is atomic: readers see a whole message or none.
    """

    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        hidden = os.path.join(self.data_folder_out, f".{name}.tmp")
        with open(hidden, "wb") as handle:
            handle.write(dumps(payload).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(hidden, final)

    def queue_bind(self, queue, exchange=None, routing_key="", arguments=None, **kwargs):
        """Always persist the binding: the control folder, not the process, holds the truth.

        Kombu skips `_queue_bind` when its in-process state (shared by every filesystem connection
        of the process, whatever its folders) has seen the binding, so a second folder, or a
        control folder that was removed, would silently route nothing.
        """
        super().queue_bind(queue, exchange, routing_key, arguments, **kwargs)
        exchange = exchange or "amq.direct"
        meta = self.typeof(exchange).prepare_bind(queue, exchange, routing_key, arguments)
        self._queue_bind(exchange, *meta)


class Transport(filesystem.Transport):
    """The filesystem transport with atomic message files."""

    Channel = Channel
