"""The Orders service wired by its real bootstrap on a SQLite file in tmp_path (workers off)."""

from __future__ import annotations

import pytest

from reference.orders.bootstrap import bootstrap
from reference.shared.auth import DevIssuer
from reference.shared.settings import Settings


@pytest.fixture
def orders_settings(tmp_path, monkeypatch) -> Settings:
    """Embedded defaults under tmp_path; Payments is nowhere (the requester is not started)."""
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ACCORD_PAYMENTS_URL", "http://127.0.0.1:9")
    return Settings.from_env("orders")


@pytest.fixture
def orders_service(orders_settings):
    """The wired service, responses validated against the spec."""
    service = bootstrap(orders_settings, validate_responses=True, queue_name="orders.test")
    yield service
    service.payments.close()
    service.broker.close()
    service.engine.dispose()


@pytest.fixture
def orders_client(orders_service):
    """Connexion's test client of the Orders app."""
    with orders_service.http.test_client() as client:
        yield client


@pytest.fixture
def orders_auth(orders_settings):
    """Authorization headers for the given scopes (audience orders)."""
    issuer = DevIssuer(orders_settings.data_dir)

    def headers(*scopes: str, audience: str = "orders") -> dict[str, str]:
        return {"Authorization": f"Bearer {issuer.mint(scopes, audience)}"}

    return headers
