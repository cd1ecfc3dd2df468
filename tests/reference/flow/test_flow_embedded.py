"""The seed flow on the embedded defaults, with Orders and Payments in separate processes.

What is agreed: an order placed with `card` becomes `paid` and `order.updated` is published; one
placed with `test_declined` stays `pending` and Orders logs `order.payment_failed`. Every lifecycle
record of one order, in both services, carries the same trace id. Started by `accord serve`.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from reference.orders.bootstrap import spec_path
from reference.serve import wait_listening
from reference.shared.events import Broker, payload_schemas, validate_envelope
from tests.reference.flow.flow_helpers import (
    ACCORD,
    Deployment,
    Tap,
    eventually,
    free_port,
    lifecycle,
    log_record_validator,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    deployment = Deployment(tmp_path_factory.mktemp("serve") / "var")
    deployment.tap = None
    broker = Broker("filesystem://", "accord.events", deployment.data_dir)
    deployment.start()
    # After start: the services' own queues exist; the tap is bound before any order is placed.
    deployment.tap = Tap(broker, "test.tap", ["order.created", "order.updated"])
    yield deployment
    assert deployment.stop() == 0, deployment.output.read_text()[-3000:]
    broker.close()


def test_card_order_becomes_paid_and_order_updated_is_published(deployment):
    created = deployment.create_order("card")
    assert created.status_code == 201
    order_id = created.json()["id"]
    eventually(lambda: deployment.order(order_id)["status"] == "paid", what="order paid")
    updated = eventually(lambda: deployment.tap.find("order.updated", order_id), what="event")
    schemas = payload_schemas(spec_path("asyncapi.yaml"))
    validate_envelope(updated, schemas["order.updated"])
    assert updated["data"] == {"id": order_id, "status": "paid", "previousStatus": "pending"}
    trace_id = created.headers["traceparent"].split("-")[1]
    assert updated["traceparent"].split("-")[1] == trace_id
    validate_envelope(deployment.tap.find("order.created", order_id), schemas["order.created"])

    orders_records = eventually(
        lambda: (
            lifecycle(
                deployment.log_records("orders"), "order.status_changed", resource_id=order_id
            )
            and deployment.log_records("orders")
        ),
        what="order.status_changed log",
    )
    payments_records = deployment.log_records("payments")
    flow = [
        lifecycle(orders_records, name, resource_id=order_id)
        for name in ("order.created", "order.payment_requested", "order.status_changed")
    ] + [
        lifecycle(payments_records, name, order_id=order_id)
        for name in ("payment.created", "payment.successful")
    ]
    validator = log_record_validator()
    for record in flow:
        assert record is not None
        assert list(validator.iter_errors(record)) == [], record
        assert record["trace_id"] == trace_id, record


def test_declined_order_stays_pending_and_the_failure_is_logged(deployment):
    created = deployment.create_order("test_declined")
    assert created.status_code == 201
    order_id = created.json()["id"]
    record = eventually(
        lambda: lifecycle(
            deployment.log_records("orders"), "order.payment_failed", resource_id=order_id
        ),
        what="order.payment_failed log",
    )
    assert record["trace_id"] == created.headers["traceparent"].split("-")[1]
    assert deployment.order(order_id)["status"] == "pending"
    assert lifecycle(deployment.log_records("payments"), "payment.failed", order_id=order_id)
    assert deployment.tap.find("order.updated", order_id) is None


def test_serve_refuses_a_taken_port(deployment):
    taken = str(deployment.ports["orders"])
    result = subprocess.run(
        [*ACCORD, "serve", "--orders-port", taken, "--payments-port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "already in use" in result.stderr


def test_payment_is_requested_when_payments_comes_up(tmp_path):
    """Payments is down when the order is placed: the 201 is immediate, the payment comes later."""
    deployment = Deployment(tmp_path / "var")
    deployment.data_dir.mkdir(parents=True)
    env = {
        **deployment.env,
        "ACCORD_PAYMENTS_URL": deployment.url("payments"),
        "ACCORD_ORDERS_LOG_FILE": str(deployment.data_dir / "logs" / "orders.jsonl"),
    }
    processes = {}
    try:
        processes["orders"] = _serve_one("orders", deployment.ports["orders"], env)
        started = time.monotonic()
        created = deployment.create_order("card")
        assert created.status_code == 201 and time.monotonic() - started < 2.0
        order_id = created.json()["id"]
        eventually(
            lambda: any(
                "payment request for order" in r["message"] and order_id in r["message"]
                for r in deployment.log_records("orders")
            ),
            what="a failed payment request",
        )
        assert deployment.order(order_id)["status"] == "pending"
        processes["payments"] = _serve_one("payments", deployment.ports["payments"], env)
        eventually(lambda: deployment.order(order_id)["status"] == "paid", 30, "order paid")
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            assert process.wait(20) in (0, -signal.SIGTERM)  # uvicorn re-raises it after shutdown


def _serve_one(service: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "reference.serve", service, "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    assert wait_listening("127.0.0.1", port, time.monotonic() + 30), f"{service} did not start"
    return process
