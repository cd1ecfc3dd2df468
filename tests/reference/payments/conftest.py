"""The Payments service wired by its real bootstrap on a SQLite file in tmp_path (relay off)."""

from __future__ import annotations

import pytest

from reference.payments.bootstrap import bootstrap
from reference.shared.auth import DevIssuer
from reference.shared.settings import Settings


@pytest.fixture
def payments_settings(tmp_path, monkeypatch) -> Settings:
    """Embedded defaults under tmp_path."""
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "var"))
    return Settings.from_env("payments")


@pytest.fixture
def payments_service(payments_settings):
    """The wired service, responses validated against the spec."""
    service = bootstrap(payments_settings, validate_responses=True)
    yield service
    service.broker.close()
    service.engine.dispose()


@pytest.fixture
def payments_client(payments_service):
    """Connexion's test client of the Payments app."""
    with payments_service.http.test_client() as client:
        yield client


@pytest.fixture
def payments_auth(payments_settings):
    """Authorization headers for the given scopes (audience payments)."""
    issuer = DevIssuer(payments_settings.data_dir)

    def headers(*scopes: str, audience: str = "payments") -> dict[str, str]:
        return {"Authorization": f"Bearer {issuer.mint(scopes, audience)}"}

    return headers
