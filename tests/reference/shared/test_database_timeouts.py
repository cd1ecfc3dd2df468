"""A silent PostgreSQL (accepts, never answers) costs a request at most 5 s: 503, then recovery.

The database sits behind a TCP proxy that can blackhole it; the service is Payments, wired by
its real bootstrap; nothing is restarted between the outage and the recovery.
"""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from reference.payments.bootstrap import bootstrap
from reference.shared.auth import DevIssuer
from reference.shared.persistence import create_engine
from reference.shared.settings import Settings
from tests.reference.shared.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres
ORDER_ID = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
BOUND = 5.0


@pytest.fixture
def proxy(postgres_url):
    url = sa.make_url(postgres_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.url = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    yield proxy
    proxy.close()


@pytest.fixture
def service(proxy, tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ACCORD_PAYMENTS_DATABASE_URL", proxy.url)
    service = bootstrap(Settings.from_env("payments"), validate_responses=True)
    yield service
    proxy.restore()
    service.close()


@pytest.fixture
def payments(service):
    scopes = ["payments.read", "payments.write"]
    token = DevIssuer(service.settings.data_dir).mint(scopes, "payments")
    with service.http.test_client() as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_a_silent_database_is_503_within_5_s_and_recovers_without_restart(payments, proxy):
    paid = payments.post("/payments", json={"orderId": ORDER_ID})
    assert paid.status_code == 201
    path = f"/payments/{paid.json()['id']}"
    proxy.blackhole()
    for call in [
        lambda: payments.get(path),  # a pooled connection that no longer answers
        lambda: payments.post("/payments", json={"orderId": ORDER_ID}),  # a new connection
        lambda: payments.get(path),
    ]:
        response, took = timed(call)
        print(f"\nsilent database: {response.status_code} in {took:.2f} s")
        assert response.status_code == 503 and took <= BOUND
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"] == "https://accord.dev/problems/service_unavailable"
    proxy.restore()
    response, took = timed(lambda: payments.get(path))
    print(f"restored: {response.status_code} in {took:.2f} s")
    assert response.status_code == 200 and response.json() == paid.json()
    assert payments.post("/payments", json={"orderId": ORDER_ID}).status_code == 201


def test_the_outbox_relay_resumes_after_a_silent_database(service, payments, proxy):
    service.relay.start()
    try:
        proxy.blackhole()
        time.sleep(3)  # the relay's polls fail meanwhile
        proxy.restore()
        assert payments.post("/payments", json={"orderId": ORDER_ID}).status_code == 201
        deadline = time.monotonic() + 30  # the relay backs off at most 30 s
        while time.monotonic() < deadline and unpublished(service.engine):
            time.sleep(0.2)
        assert unpublished(service.engine) == 0
    finally:
        service.relay.stop()


def unpublished(engine) -> int:
    with engine.connect() as conn:
        query = "SELECT count(*) FROM outbox WHERE published_at IS NULL"
        return conn.execute(sa.text(query)).scalar_one()


@pytest.mark.parametrize("opened_before", [True, False], ids=["pooled", "new"])
def test_the_engine_gives_up_on_a_silent_database(proxy, opened_before):
    engine = create_engine(proxy.url)
    try:
        if opened_before:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        proxy.blackhole()
        started = time.monotonic()
        with pytest.raises(sa.exc.OperationalError), engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        assert time.monotonic() - started <= BOUND
        proxy.restore()
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()


def test_a_slow_statement_is_cancelled_by_the_server(postgres_url):
    engine = create_engine(postgres_url)
    try:
        started = time.monotonic()
        with (
            pytest.raises(sa.exc.OperationalError, match="statement timeout"),
            engine.connect() as conn,
        ):
            conn.execute(sa.text("SELECT pg_sleep(30)"))
        assert time.monotonic() - started <= BOUND
    finally:
        engine.dispose()
