"""Traces and logs: an incoming `traceparent` is continued into the handler (which Flask runs in
another thread), an invalid one starts a new trace, and lifecycle lines match the log contract."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import jsonschema
import yaml

from reference.shared.logs import configure_logging, log_lifecycle
from reference.shared.settings import Settings, env_port
from reference.shared.tracing import configure_tracing, current_traceparent, inject_headers, span

LOG_SCHEMA = Path(__file__).resolve().parents[3] / "specs" / "common" / "log-record.schema.yaml"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
INCOMING = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


def _lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_traceparent_is_continued_into_the_handler_thread(client, token, log_file):
    headers = {"Authorization": f"Bearer {token('widgets.read')}", "traceparent": INCOMING}
    response = client.get("/widgets/abc", headers=headers)
    assert response.status_code == 200
    assert response.json()["traceId"] == TRACE_ID
    assert response.headers["traceparent"].split("-")[1] == TRACE_ID
    record = next(x for x in _lines(log_file) if x.get("event") == "widget.read")
    assert record["trace_id"] == TRACE_ID
    assert (
        re.fullmatch(r"[0-9a-f]{16}", record["span_id"]) and record["span_id"] != "00f067aa0ba902b7"
    )


def test_invalid_traceparent_starts_a_new_trace(client, token, log_file):
    headers = {"Authorization": f"Bearer {token('widgets.read')}", "traceparent": "00-zz-bad-01"}
    response = client.get("/widgets/abc", headers=headers)
    trace_id = response.json()["traceId"]
    assert re.fullmatch(r"[0-9a-f]{32}", trace_id) and trace_id != "0" * 32
    record = next(x for x in _lines(log_file) if x.get("event") == "widget.read")
    assert record["trace_id"] == trace_id


def test_lifecycle_record_matches_the_log_contract(tmp_path):
    configure_tracing("widgets")
    path = tmp_path / "life.log"
    configure_logging("orders", log_file=path)
    try:
        with span("place order"):
            log_lifecycle(logging.getLogger("orders.test"), "order.created", "o-1", "order created")
    finally:
        configure_logging("orders")  # drop the file handler
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_accord_json_handler", False)]:
            root.removeHandler(handler)
    (record,) = _lines(path)
    if LOG_SCHEMA.exists():
        jsonschema.validate(record, yaml.safe_load(LOG_SCHEMA.read_text()))
    required = {
        "timestamp",
        "level",
        "service",
        "event",
        "resource_id",
        "trace_id",
        "span_id",
        "message",
    }
    assert required <= record.keys()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["timestamp"])
    assert record["service"] == "orders" and record["level"] == "INFO"


def test_span_continues_an_event_traceparent():
    configure_tracing("widgets")
    with span("consume", parent_traceparent=INCOMING):
        assert current_traceparent().split("-")[1] == TRACE_ID
        assert inject_headers({})["traceparent"] == current_traceparent()
    with span("consume", parent_traceparent="garbage"):
        assert current_traceparent().split("-")[1] != TRACE_ID


def test_settings_defaults(tmp_path, monkeypatch):
    for name in (
        "ACCORD_ORDERS_DATABASE_URL",
        "ACCORD_BROKER_URL",
        "ACCORD_ORDERS_PORT",
        "ACCORD_JWT_PUBLIC_KEY_FILE",
        "ACCORD_JWT_JWKS_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "data"))
    settings = Settings.from_env("orders")
    assert settings.data_dir.is_dir()
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'orders.sqlite3'}"
    assert (settings.broker_url, settings.exchange) == ("filesystem://", "accord.events")
    assert settings.jwt_audience == "orders" and settings.uses_dev_issuer
    monkeypatch.delenv("ACCORD_PAYMENTS_PORT", raising=False)
    assert (env_port("orders"), env_port("payments")) == (8001, 8002)


def test_settings_read_the_orders_and_tracing_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path))
    for name in ("ACCORD_ORDERS_SERVICE_TOKEN", "ACCORD_ORDERS_QUEUE", "ACCORD_TRACE_CONSOLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ACCORD_ORDERS_RECONCILE_AFTER", raising=False)
    defaults = Settings.from_env("orders")
    assert (defaults.payments_token, defaults.orders_queue, defaults.reconcile_after) == (
        None,
        "orders.payment-events",
        5.0,
    )
    assert not defaults.trace_console
    monkeypatch.setenv("ACCORD_ORDERS_SERVICE_TOKEN", "t0k3n")
    monkeypatch.setenv("ACCORD_ORDERS_QUEUE", "orders.elsewhere")
    monkeypatch.setenv("ACCORD_ORDERS_RECONCILE_AFTER", "2.5")
    monkeypatch.setenv("ACCORD_TRACE_CONSOLE", "1")
    given = Settings.from_env("orders")
    assert (given.payments_token, given.orders_queue, given.reconcile_after) == (
        "t0k3n",
        "orders.elsewhere",
        2.5,
    )
    assert given.trace_console
