"""A TCP proxy that forwards its first `connections` connections, then stops listening: a
candidate that dies after the preflight saw it alive (real refused connections, no mocks)."""

from __future__ import annotations

import contextlib
import socket
import threading


class DyingProxy:
    def __init__(self, upstream_port: int, connections: int = 1) -> None:
        self.upstream_port, self.left = upstream_port, connections
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.left > 0:
            client, _ = self.listener.accept()
            self.left -= 1
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()
        self.listener.close()  # from now on: connection refused


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
