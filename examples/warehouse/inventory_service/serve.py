"""Run the Inventory service: in the foreground (`python -m inventory_service`), or in a thread.

Everything it needs lives in one data folder, laid out the way `target.yaml` names it:
`keys/issuer.key.pem` (the development issuer's RSA key, made on first start; the service trusts
its public half, Accord mints tokens with it), `broker/` (the `filesystem://` broker) and
`logs/inventory.jsonl` (the lifecycle log lines).
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette

from inventory_service.events import KombuPublisher
from inventory_service.stock import Inventory
from inventory_service.web import create_app

ISSUER = "warehouse-dev"
EXCHANGE = "warehouse.events"
PORT = 8101


def public_key_of(key_file: Path) -> bytes:
    """The PEM public key of the development issuer's private key, made first when missing."""
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        key_file.write_bytes(pem)
    private = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@contextmanager
def inventory_app(
    data_dir: Path,
    public_key: bytes,
    broker_url: str | None = "filesystem://",
    exchange: str = EXCHANGE,
    issuer: str = ISSUER,
    faults: frozenset[str] = frozenset(),
) -> Iterator[Starlette]:
    """The app over a fresh inventory publishing to the broker (none: events are dropped)."""
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    publisher = KombuPublisher(broker_url, exchange, data_dir / "broker") if broker_url else None
    inventory = Inventory(publisher, data_dir / "logs" / "inventory.jsonl", faults)
    try:
        yield create_app(inventory, public_key, issuer)
    finally:
        if publisher is not None:
            publisher.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving_in_thread(app: Starlette, port: int | None = None) -> Iterator[str]:
    """Serve `app` with uvicorn in a daemon thread; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        raise RuntimeError(f"the inventory service did not start on port {port}")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="inventory_service", description=__doc__)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--broker-url", default="filesystem://")
    parser.add_argument("--exchange", default=EXCHANGE)
    parser.add_argument("--issuer", default=ISSUER)
    args = parser.parse_args(argv)
    public_key = public_key_of(args.data_dir / "keys" / "issuer.key.pem")
    with inventory_app(
        args.data_dir, public_key, args.broker_url, args.exchange, args.issuer
    ) as app:
        uvicorn.run(app, host="127.0.0.1", port=args.port)
