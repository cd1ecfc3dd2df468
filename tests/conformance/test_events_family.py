"""The `events` family and its broker tap: against a small orders + payments fake publishing raw
CloudEvents through plain Kombu, healthy passes (exit 0) and each seeded envelope defect is
reported by the check guarding it (exit 1); the tap itself works on `filesystem://` (a publisher in
another process, stock Kombu) and on real RabbitMQ; without a broker the family is skipped with the
reason."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from conformance.probes.events import BrokerTap
from conformance.target import Broker
from tests.conformance.fakes import fake_event_shop

PUBLISH = """
import json, sys
from kombu import Connection, Exchange, Producer
folder = sys.argv[1]
options = {"data_folder_in": folder + "/messages", "data_folder_out": folder + "/messages",
           "control_folder": folder + "/control"}
exchange = Exchange("accord.events", type="topic", durable=True)
with Connection("filesystem://", transport_options=options) as conn:
    Producer(conn).publish(json.dumps({"type": "order.created"}).encode(), exchange=exchange,
        routing_key="order.created", declare=[exchange],
        content_type="application/cloudevents+json", headers={"traceparent": "00-x"})
"""


def shop_run(tmp_path, key_file, defects=(), broker="filesystem://", only="events"):
    return fake_event_shop.run_accord(tmp_path, key_file, defects, broker, only)


failed = fake_event_shop.failed


def test_healthy_shop_passes_every_events_logs_and_flow_check(tmp_path, key_file):
    code, report = shop_run(tmp_path, key_file, only="events,logs,flow")
    assert code == 0, [(c["id"], c["subject"], c["message"]) for c in report["checks"]]
    counts = {name: family["total"] for name, family in report["families"].items()}
    assert counts == {"events": 9 * 8, "logs": 22, "flow": 39 + 1}  # steps + workflow outputs
    assert report["summary"]["passed"] == report["summary"]["total"]
    evidence = next(c for c in report["checks"] if c["id"] == "EVT-001")["evidence"]
    assert evidence["kind"] == "event" and evidence["events"][0]["properties"]["content_type"]


@pytest.mark.parametrize(
    ("defect", "caught_by"),
    [
        ("no_specversion", {"EVT-002", "EVT-008"}),  # required attribute, and the payload schema
        ("type_not_routing_key", {"EVT-007", "EVT-008"}),  # type = channel, and the schema's const
        ("no_traceparent", {"EVT-008", "EVT-009"}),
        ("duplicate_created", {"EVT-001"}),
    ],
)
def test_envelope_defects_are_caught_by_their_checks(tmp_path, key_file, defect, caught_by):
    code, report = shop_run(tmp_path, key_file, [defect])
    assert code == 1
    assert failed(report) == caught_by


@pytest.mark.rabbitmq
def test_the_family_runs_on_rabbitmq(tmp_path, key_file, rabbitmq_url):
    code, report = shop_run(tmp_path, key_file, ["no_traceparent"], broker=rabbitmq_url)
    assert code == 1
    assert failed(report) == {"EVT-008", "EVT-009"}
    passed = {c["id"] for c in report["checks"] if c["status"] == "passed"}
    assert "EVT-001" in passed  # every expected event arrived through the RabbitMQ tap


def test_without_a_broker_a_run_of_events_is_refused(tmp_path, key_file, capsys):
    code, report = shop_run(tmp_path, key_file, broker=None)
    assert (code, report) == (2, {})  # --only events asks for what the target cannot feed
    assert "--only names events, but the target names no broker" in capsys.readouterr().err


def test_filesystem_tap_reads_a_stock_kombu_publisher_in_another_process(tmp_path):
    tap = BrokerTap(Broker("filesystem://", data_folder=tmp_path)).open()
    try:
        subprocess.run([sys.executable, "-c", PUBLISH, str(tmp_path)], check=True, timeout=20)
        got = poll(tap)
    finally:
        tap.close()
    assert [(e.routing_key, e.properties["content_type"]) for e in got] == [
        ("order.created", "application/cloudevents+json")
    ]
    assert json.loads(got[0].body) == {"type": "order.created"}
    table = json.loads((tmp_path / "control" / "accord.events.exchange").read_text())
    assert table == []  # closing the tap removed its binding
    assert not list((tmp_path / "messages").iterdir())


def test_filesystem_tap_leaves_a_message_still_being_written(tmp_path):
    tap = BrokerTap(Broker("filesystem://", data_folder=tmp_path)).open()
    try:
        partial = tmp_path / "messages" / f"1_x.{tap.name}.msg"
        partial.write_bytes(b'{"body": "eyJ0')
        assert tap.poll() == []
        assert partial.exists()
    finally:
        tap.close()


@pytest.mark.rabbitmq
def test_amqp_tap_gets_raw_messages_and_its_queue_goes_away(rabbitmq_url):
    from kombu import Connection, Exchange, Producer

    tap = BrokerTap(Broker(rabbitmq_url, exchange="accord.events")).open()
    exchange = Exchange("accord.events", type="topic", durable=True)
    try:
        with Connection(rabbitmq_url) as conn:
            Producer(conn).publish(
                b'{"type": "payment.failed"}',
                exchange=exchange,
                routing_key="payment.failed",
                declare=[exchange],
                content_type="application/cloudevents+json",
            )
        got = poll(tap)
    finally:
        tap.close()
    assert [(e.routing_key, e.body) for e in got] == [
        ("payment.failed", b'{"type": "payment.failed"}')
    ]
    with Connection(rabbitmq_url) as conn, pytest.raises(Exception, match="NOT_FOUND"):
        conn.default_channel.queue_declare(tap.name, passive=True)


def poll(tap: BrokerTap, timeout: float = 5.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = tap.poll()
        if got:
            return got
        time.sleep(0.05)
    return []
