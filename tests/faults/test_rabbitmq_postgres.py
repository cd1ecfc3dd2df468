"""Faults on RabbitMQ + PostgreSQL: a broker outage of a few seconds under load (through a TCP
proxy between the services and RabbitMQ), and `kill -9` of each service under load.

Creating an order never needs the broker (the outbox holds its events), so every request must
succeed during the outage; afterwards every order reaches an outcome, none paid twice."""

from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa

from tests.faults.fault_harness import Load, Services, table, wait_settled
from tests.faults.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.slow, pytest.mark.rabbitmq, pytest.mark.postgres]
OUTAGE = 4.0


def deployment(tmp_path, rabbitmq_url, postgres_databases, broker_port: int | None = None):
    url = sa.make_url(rabbitmq_url)
    if broker_port is not None:
        url = url.set(host="127.0.0.1", port=broker_port)
    suffix = uuid.uuid4().hex[:8]
    dbs = {"orders": postgres_databases(), "payments": postgres_databases()}
    env = {
        "ACCORD_BROKER_URL": url.render_as_string(hide_password=False),
        "ACCORD_EXCHANGE": f"accord.faults.{suffix}",
        "ACCORD_ORDERS_QUEUE": f"orders.faults.{suffix}",
        "ACCORD_ORDERS_DATABASE_URL": dbs["orders"],
        "ACCORD_PAYMENTS_DATABASE_URL": dbs["payments"],
    }
    services = Services(tmp_path / "var", env)
    for service in ("payments", "orders"):
        services.start(service)
    return services, dbs


def report(tmp_path, title: str, found: dict) -> None:
    text = table(title, found)
    print("\n" + text)
    (tmp_path / "figures.txt").write_text(text)


def test_broker_outage_under_load(tmp_path, rabbitmq_url, postgres_databases):
    upstream = sa.make_url(rabbitmq_url)
    proxy = TcpProxy((upstream.host or "127.0.0.1", upstream.port or 5672))
    services, dbs = deployment(tmp_path, rabbitmq_url, postgres_databases, proxy.port)
    try:
        with Load(services, rate=5) as load:
            time.sleep(1.5)
            proxy.down()
            before = len(load.accepted) + len(load.failed)
            time.sleep(OUTAGE)
            during = len(load.accepted) + len(load.failed) - before
            failed_during = len(load.failed)
            proxy.up()
            recovered_from = time.monotonic()
            time.sleep(1.5)
        found = wait_settled(dbs["orders"], dbs["payments"], load.accepted, timeout=40)
        found |= {
            "broker outage (s)": OUTAGE,
            "requests during outage": during,
            "HTTP success overall (%)": round(
                100 * len(load.accepted) / (len(load.accepted) + len(load.failed)), 1
            ),
            "HTTP failures during outage": failed_during,
            "time to recover (s)": round(time.monotonic() - recovered_from, 1),
            "reconciled by GET": services.log_count("orders", "reconciled:"),
        }
    finally:
        services.stop()
        proxy.close()
    report(tmp_path, "broker outage under load, RabbitMQ + PostgreSQL", found)
    assert load.failed == [] and found["HTTP success overall (%)"] == 100.0
    assert found["lost"] == 0 and found["duplicate payments"] == 0
    assert found["accepted not in db"] == 0 and found["outcomes"] == found["accepted"]


def test_kill_9_under_load(tmp_path, rabbitmq_url, postgres_databases):
    services, dbs = deployment(tmp_path, rabbitmq_url, postgres_databases)
    kills = ["orders", "orders", "orders", "payments", "payments"]
    try:
        with Load(services, rate=5) as load:
            time.sleep(1)
            for victim in kills:
                services.kill9(victim)
                services.start(victim)
                time.sleep(1.2)
        found = wait_settled(dbs["orders"], dbs["payments"], load.accepted, timeout=40)
        found |= {
            "kill -9 orders": kills.count("orders"),
            "kill -9 payments": kills.count("payments"),
            "HTTP failures (service down)": len(load.failed),
        }
    finally:
        services.stop()
    report(tmp_path, "kill -9 under load, RabbitMQ + PostgreSQL", found)
    assert found["accepted"] > 0 and found["accepted not in db"] == 0
    assert found["lost"] == 0 and found["duplicate payments"] == 0
