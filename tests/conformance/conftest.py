"""Fixtures for the conformance suite's own tests: a fake candidate, its key and its target file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conformance.fakes import fake_orders

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def key_file(signing_key, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "issuer.key.pem"
    path.write_bytes(
        signing_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


@pytest.fixture
def serve_fake(signing_key) -> Iterator[Callable[..., str]]:
    """Start the fake orders service with the given defects; returns its base URL."""
    public = signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    servers = []

    def start(*defects: str) -> str:
        server = fake_orders.Served(fake_orders.FakeOrders(public, set(defects)).app())
        servers.append(server.__enter__())
        return server.url

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture
def write_target(tmp_path, key_file) -> Callable[..., Path]:
    """Write a target file for the fake (extra keys merged in) and return its path."""

    def write(base_url: str, **extra) -> Path:
        document = {
            "services": {
                "orders": {"base_url": base_url, "specs": str(HERE / "fakes/specs/orders")}
            },
            "tokens": {"mint": {"private_key_file": str(key_file), "issuer": fake_orders.ISSUER}},
            "timeouts": {"connect": 1, "request": 5},
            **extra,
        }
        path = tmp_path / "target.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        return path

    return write
