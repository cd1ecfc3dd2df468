"""A threaded TCP proxy that can blackhole (accept, never forward, never answer) and restore.

A silent database, not a refused one: the kernel still completes every TCP handshake and ACKs
every byte, so only the client's own timeouts can end the wait. `restore()` closes the
connections that lost bytes while blackholed (as a real outage leaves them) and forwards anew.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class TcpProxy:
    """127.0.0.1:<port> forwarded to `upstream`, until `blackhole()`."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._silent = threading.Event()
        self._lock = threading.Lock()
        self._damaged: list[socket.socket] = []
        self._open: set[socket.socket] = set()
        self._closed = False
        threading.Thread(target=self._accept, name="tcp-proxy", daemon=True).start()

    def blackhole(self) -> None:
        """From now on swallow every byte, on open and new connections alike."""
        self._silent.set()

    def restore(self) -> None:
        """Forward again; the connections that lost bytes are closed."""
        with self._lock:
            damaged, self._damaged = self._damaged, []
            self._silent.clear()
        for sock in damaged:
            _close(sock)

    def close(self) -> None:
        """Stop listening and close every connection."""
        self._closed = True
        _close(self.listener)
        with self._lock:
            for sock in [*self._open, *self._damaged]:
                _close(sock)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self._open.add(client)
                if self._silent.is_set():
                    self._damaged.append(client)  # held open, never answered
                    continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open.add(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if self._silent.is_set():
                    with self._lock:
                        self._damaged += [source, sink]
                    continue  # swallowed: the peer waits for an answer that never comes
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
