"""`accord serve` speaks to a person (issue 14): a short banner on the console saying where each
service and its Swagger UI are, how to get a token they accept (with the data dir they use) and
where the JSON logs go; the logs stay in their files unless `--log-console` asks for them.

The banner and the children's environment are checked here without starting anything; the
consumer quickstart test (tests/examples/test_consumer_quickstart.py) reads a real console."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from accord.commands.serve import banner
from reference.serve import Supervisor
from reference.shared.logs import configure_logging

PORTS = {"orders": 18101, "payments": 18102}


@pytest.fixture(autouse=True)
def no_log_variables(monkeypatch):
    for name in ("ACCORD_LOG_CONSOLE", "ACCORD_ORDERS_LOG_FILE", "ACCORD_PAYMENTS_LOG_FILE"):
        monkeypatch.delenv(name, raising=False)


def test_the_banner_names_urls_swagger_ui_the_token_command_and_the_log_files(tmp_path):
    text = banner(Supervisor(PORTS, tmp_path))
    assert "  orders    http://127.0.0.1:18101   Swagger UI: http://127.0.0.1:18101/ui/" in text
    assert "  payments  http://127.0.0.1:18102   Swagger UI: http://127.0.0.1:18102/ui/" in text
    assert (
        f"  accord token --data-dir {tmp_path} --scope orders.read --scope orders.write "
        "--scope payments.read --scope payments.write"
    ) in text
    logs = f"{tmp_path}/logs/orders.jsonl, {tmp_path}/logs/payments.jsonl"
    assert f"JSON logs: {logs} (--log-console to see them here)" in text
    assert text.rstrip().endswith("Press Ctrl-C to stop.")
    assert len(text.strip().splitlines()) <= 8  # short: a person reads it


def test_with_log_console_the_banner_says_the_logs_are_here_too(tmp_path):
    text = banner(Supervisor(PORTS, tmp_path, log_console=True))
    assert f"JSON logs: here and in {tmp_path}/logs/orders.jsonl" in text


def test_the_services_log_to_their_files_only_unless_asked(tmp_path, monkeypatch):
    quiet = Supervisor(PORTS, tmp_path).env("orders")
    assert quiet["ACCORD_LOG_CONSOLE"] == "false"
    assert quiet["ACCORD_ORDERS_LOG_FILE"] == str(tmp_path / "logs" / "orders.jsonl")
    assert Supervisor(PORTS, tmp_path, log_console=True).env("orders")["ACCORD_LOG_CONSOLE"] == (
        "true"
    )
    monkeypatch.setenv("ACCORD_PAYMENTS_LOG_FILE", str(tmp_path / "elsewhere.jsonl"))
    supervisor = Supervisor(PORTS, tmp_path)
    assert supervisor.env("payments")["ACCORD_PAYMENTS_LOG_FILE"].endswith("elsewhere.jsonl")
    assert str(tmp_path / "elsewhere.jsonl") in banner(supervisor)


def test_without_the_console_a_service_logs_to_its_file_alone(tmp_path, capsys):
    path = tmp_path / "orders.jsonl"
    try:
        configure_logging("orders", log_file=path, console=False)
        logging.getLogger("orders.test").warning("to the file only")
        handlers = [h for h in logging.getLogger().handlers if hasattr(h, "_accord_json_handler")]
        assert not any(getattr(h, "stream", None) is sys.stdout for h in handlers)
        configure_logging("orders", console=False)  # no file: stdout all the same
        logging.getLogger("orders.test").warning("somewhere")
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if hasattr(h, "_accord_json_handler")]:
            root.removeHandler(handler)
            handler.close()
    assert "to the file only" in Path(path).read_text()
    out = capsys.readouterr().out
    assert "to the file only" not in out and "somewhere" in out
