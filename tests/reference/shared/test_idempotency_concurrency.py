"""Idempotency-Key under concurrency: 64 requests at once with one key make one resource, no 5xx.

Each service runs under uvicorn (its real bootstrap, workers off) on PostgreSQL or SQLite; the
first request commits, every twin waits for it and replays its response (docs/contracts.md).
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from reference.orders.bootstrap import bootstrap as orders_bootstrap
from reference.payments.bootstrap import bootstrap as payments_bootstrap
from reference.shared.auth import DevIssuer
from reference.shared.settings import Settings

CONCURRENT, ROUNDS = 64, 5
SERVICES = {
    "orders": (orders_bootstrap, "/orders", "orders", {"customerId": "c-1", "items": ["sku-1"]}),
    "payments": (payments_bootstrap, "/payments", "payments", {"method": "card"}),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=sorted(SERVICES))
def served(request, database_url, tmp_path, monkeypatch):
    """(base URL, headers, body, table, engine) of a service served by uvicorn in a thread."""
    name = request.param
    build, path, table, body = SERVICES[name]
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv(f"ACCORD_{name.upper()}_DATABASE_URL", database_url)
    monkeypatch.setenv("ACCORD_PAYMENTS_URL", "http://127.0.0.1:9")
    settings = Settings.from_env(name)
    service = build(settings, validate_responses=False)
    port = _free_port()
    config = uvicorn.Config(service.http, port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    token = DevIssuer(settings.data_dir).mint([f"{name}.write"], name)
    auth = {"Authorization": f"Bearer {token}"}
    yield f"http://127.0.0.1:{port}{path}", auth, body, table, service
    server.should_exit = True
    thread.join(10)
    service.close()


def test_concurrent_twins_make_one_resource_and_no_5xx(served):
    url, auth, body, table, service = served
    statuses: Counter[int] = Counter()
    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=CONCURRENT)) as client:
        for _ in range(ROUNDS):
            key = str(uuid.uuid4())
            request = {**body, "orderId": key} if "method" in body else body
            headers = {**auth, "Idempotency-Key": key}

            def post(_: int, request=request, headers=headers) -> httpx.Response:
                return client.post(url, json=request, headers=headers)

            with ThreadPoolExecutor(CONCURRENT) as pool:
                responses = list(pool.map(post, range(CONCURRENT)))
            statuses.update(r.status_code for r in responses)
            assert {r.json()["id"] for r in responses} == {responses[0].json()["id"]}
    with service.engine.connect() as conn:
        made = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    print(f"\n{service.settings.service} {service.engine.dialect.name}: {dict(statuses)}")
    assert statuses == {201: CONCURRENT * ROUNDS}
    assert made == ROUNDS
