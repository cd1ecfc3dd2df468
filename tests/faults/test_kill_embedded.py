"""Faults on the embedded default (filesystem broker + SQLite): `kill -9` of a service under load.

The filesystem transport deletes a message file when it is taken, before the ack, so a killed
Orders loses the payment outcome it was consuming; the payment reconciler must still settle
every order: none left without an outcome, no order paid twice."""

from __future__ import annotations

import time

import pytest

from tests.faults.fault_harness import Load, Services, table, wait_settled

ORDERS_KILLS, PAYMENTS_KILLS = 10, 3


@pytest.mark.slow
def test_kill_9_under_load_loses_no_outcome(tmp_path):
    services = Services(tmp_path / "var")
    for service in ("payments", "orders"):
        services.start(service)
    try:
        with Load(services, rate=5) as load:
            time.sleep(1)
            for round_ in range(ORDERS_KILLS + PAYMENTS_KILLS):
                victim = "orders" if round_ < ORDERS_KILLS else "payments"
                services.kill9(victim)
                services.start(victim)
                time.sleep(1.2)
        started = time.monotonic()
        orders_db = f"sqlite:///{tmp_path / 'var' / 'orders.sqlite3'}"
        payments_db = f"sqlite:///{tmp_path / 'var' / 'payments.sqlite3'}"
        found = wait_settled(orders_db, payments_db, load.accepted, timeout=40)
        found |= {
            "kill -9 orders": ORDERS_KILLS,
            "kill -9 payments": PAYMENTS_KILLS,
            "HTTP failures (service down)": len(load.failed),
            "reconciled by GET": services.log_count("orders", "reconciled:"),
            "settle time after load (s)": round(time.monotonic() - started, 1),
        }
    finally:
        services.stop()
    report = table("kill -9 under load, filesystem broker + SQLite", found)
    print("\n" + report)
    (tmp_path / "figures.txt").write_text(report)
    assert found["accepted"] > 0 and found["accepted not in db"] == 0
    assert found["lost"] == 0 and found["duplicate payments"] == 0
    assert found["outcomes"] == found["orders in db"]
