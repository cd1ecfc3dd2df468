"""The `pacts` family fails fast and honestly against a broken or dead candidate.

- A provider-state setup call the candidate answers wrongly (200 for 201) is the candidate's
  failure: the interactions needing that state FAIL, naming the state once, with the setup
  exchange as evidence; no Verifier is started (its state-change retries took ~127 s each).
- A candidate that stops answering makes every pact check an ERROR naming the cause once.
- A broker the suite cannot tap, or a state-change URL that fails, is an error, never a skip.

Every run is bounded by the target's own timeouts, not by the machine: the bound is three times
`timeouts.request` plus a margin for starting the Verifier, where the old behaviour took minutes.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives import serialization

from accord.cli import main
from conformance.context import RunContext
from conformance.observations import PactInteraction
from conformance.probes.pacts import interactions, verify
from conformance.registry import SetupFailed
from conformance.target import load_target
from tests.conformance.fakes import fake_orders
from tests.conformance.fakes import fake_payments_provider as fake_payments

HERE = Path(__file__).parent
PACTS = HERE.parents[1] / "pacts"
TIMEOUTS = {"connect": 1, "request": 3, "event": 3}
MARGIN = 5.0  # seconds for starting Python's side of ~10 Verifier runs on a slow machine
BOUND = 3 * TIMEOUTS["request"] + MARGIN


# --- candidates ----------------------------------------------------------------------------


def created_as_200(app: Any) -> Any:
    """The fake orders app, except that it answers 200 where it creates (201)."""

    async def wrapped(scope: dict, receive: Any, send: Any) -> None:
        async def send_200(message: dict) -> None:
            if message["type"] == "http.response.start" and message["status"] == 201:
                message = {**message, "status": 200}
            await send(message)

        await app(scope, receive, send_200)

    return wrapped


class Payments200(fake_payments.FakePayments):
    """The fake Payments, except that it answers 200 where it creates (201)."""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        class Handler(super()._handler()):  # type: ignore[misc]
            def send_response(self, code: int, message: str | None = None) -> None:
                super().send_response(200 if code == 201 else code, message)

        return Handler


HEALTH = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class DyingService:
    """Answers the suite's reachability check (`GET /`) like a live service; the first other
    request kills it: its port closes and that request gets no answer (a crashed deployment)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            connection, _ = self.listener.accept()
            with connection:
                if connection.recv(65536).startswith(b"GET / "):
                    connection.sendall(HEALTH)
                    continue
                self.listener.close()
                return

    def close(self) -> None:
        self.listener.close()


class StateChange:
    """A target's state-change URL answering every call with `status` and `body`."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        answer = json.dumps(body).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/state"

    def __enter__(self) -> StateChange:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- targets and runs ----------------------------------------------------------------------


def write_target(path: Path, key_file: Path, services: dict[str, Any], **extra: Any) -> Path:
    document = {
        "services": services,
        "tokens": {"mint": {"private_key_file": str(key_file), "issuer": fake_orders.ISSUER}},
        "timeouts": TIMEOUTS,
        **extra,
    }
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def fs_broker(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "broker"
    folder.mkdir()
    return {"url": "filesystem://", "data_folder": str(folder)}


def run_pacts(target: Path, reports: Path) -> dict[str, Any]:
    main(["run", "--target", str(target), "--report-dir", str(reports), "--only", "pacts"])
    return json.loads((reports / "report.json").read_text())


def by_subject(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["subject"]: c for c in report["checks"]}


def one_pact(tmp_path: Path, description: str, state: str) -> Path:
    """A pact holding one interaction of orders-payments.json, given `state`."""
    pact = json.loads((PACTS / "orders-payments.json").read_text())
    pact["interactions"] = [
        {**i, "providerStates": [{"name": state, "params": {}}]}
        for i in pact["interactions"]
        if i["description"] == description
    ]
    folder = tmp_path / "pacts"
    folder.mkdir()
    (folder / "one.json").write_text(json.dumps(pact), encoding="utf-8")
    return folder


def context(target: Path, said: list[str] | None = None) -> RunContext:
    return RunContext(load_target(target), progress=(said if said is not None else []).append)


def interaction(ctx: RunContext, description: str) -> PactInteraction:
    return next(i for i in interactions(ctx) if i.description == description)


# --- a candidate answering 200 for 201 -----------------------------------------------------

NEEDS_A_CREATED_RESOURCE = {
    "orders-payments.json:a request for an existing payment": ("a payment exists", "/payments"),
    "orders-payments.json:a payment.failed event": (
        "a payment was taken for an order",
        "/payments",
    ),
    "orders-payments.json:a payment.successful event": (
        "a payment was taken for an order",
        "/payments",
    ),
    "shipping-notifier-orders.json:a request for a shipped order": ("an order exists", "/orders"),
    "shipping-notifier-orders.json:an order.created event": ("an order is placed", "/orders"),
    "shipping-notifier-orders.json:an order.updated event for a shipped order": (
        "an order is shipped",
        "/orders",
    ),
}


@pytest.mark.slow
def test_a_setup_call_answered_200_for_201_fails_the_interactions_needing_it(
    tmp_path, key_file, signing_key
):
    public = signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    orders_app = created_as_200(fake_orders.FakeOrders(public, set()).app())
    with fake_orders.Served(orders_app) as orders, Payments200(set()) as payments:
        services = {
            "orders": {"base_url": orders.url, "specs": str(HERE / "fakes/specs/orders")},
            "payments": {"base_url": payments.url},
        }
        target = write_target(tmp_path / "t.yaml", key_file, services, broker=fs_broker(tmp_path))
        report = run_pacts(target, tmp_path / "r")
    checks = by_subject(report)
    for subject, (state, path) in NEEDS_A_CREATED_RESOURCE.items():
        found = checks[subject]
        assert found["status"] == "failed", (subject, found["message"])
        assert found["message"].startswith(f"provider state {state!r} could not be set up: ")
        assert found["message"].endswith("`$statusCode == 201` failed (saw $statusCode = 200)")
        evidence = found["evidence"]
        assert evidence["request"]["method"] == "POST"
        assert evidence["request"]["url"].endswith(path)
        assert evidence["response"]["status"] == 200
        assert evidence["provider_state"] == state
    # the Verifier still judges what needs no created resource
    card = checks["orders-payments.json:a request for a card payment"]
    assert card["status"] == "failed" and "expected 201 but was 200" in card["message"]
    unknown = checks["orders-payments.json:a request for a payment that does not exist"]
    assert unknown["status"] == "passed"
    assert report["duration"] < BOUND, report["duration"]


# --- a candidate that stops answering ------------------------------------------------------


@pytest.mark.slow
def test_a_candidate_that_stops_answering_errors_every_pact_once_and_fast(tmp_path, key_file):
    orders, payments = DyingService(), DyingService()
    try:
        services = {
            "orders": {"base_url": orders.url, "specs": str(HERE / "fakes/specs/orders")},
            "payments": {"base_url": payments.url},
        }
        target = write_target(tmp_path / "t.yaml", key_file, services, broker=fs_broker(tmp_path))
        report = run_pacts(target, tmp_path / "r")
    finally:
        orders.close()
        payments.close()
    assert report["families"]["pacts"]["total"] == 10
    for found in report["checks"]:
        assert found["status"] == "error", (found["subject"], found["message"])
        assert found["message"].count("stopped answering") == 1, found["message"]
        assert found["evidence"], found["subject"]
        assert found["duration"] < TIMEOUTS["request"], (found["subject"], found["duration"])
    assert report["duration"] < BOUND, report["duration"]


def test_a_closed_port_is_an_error_before_any_verifier_starts(tmp_path, key_file):
    services = {"payments": {"base_url": f"http://127.0.0.1:{closed_port()}"}}
    said: list[str] = []
    ctx = context(write_target(tmp_path / "t.yaml", key_file, services), said)
    first = interaction(ctx, "a request for a payment that does not exist")
    started = time.monotonic()
    with pytest.raises(SetupFailed, match="stopped answering: ConnectError") as raised:
        verify(ctx, first)
    assert raised.value.evidence["request"]["url"].startswith(services["payments"]["base_url"])
    # known down now: the next interaction names the same cause, without a state setup call
    with pytest.raises(SetupFailed) as again:
        verify(ctx, interaction(ctx, "a request for an existing payment"))
    assert again.value.message == raised.value.message
    assert time.monotonic() - started < TIMEOUTS["connect"] + 1
    assert said == [
        "pacts: verifying orders-payments.json:a request for a payment that does not exist",
        "pacts: verifying orders-payments.json:a request for an existing payment",
    ]


# --- a broker the suite cannot tap, a state-change URL that fails -------------------------


def test_a_broker_that_cannot_be_tapped_is_an_error_not_a_skip(tmp_path, key_file):
    broker = {"url": f"amqp://guest:guest@127.0.0.1:{closed_port()}//"}
    with fake_payments.FakePayments(set()) as payments:
        services = {"payments": {"base_url": payments.url}}
        ctx = context(write_target(tmp_path / "t.yaml", key_file, services, broker=broker))
        with pytest.raises(SetupFailed, match="cannot tap the broker") as raised:
            verify(ctx, interaction(ctx, "a payment.failed event"))
        assert raised.value.evidence["kind"] == "broker"
        assert "guest" not in json.dumps(raised.value.evidence)  # no credentials in reports
        started = time.monotonic()  # tried once per run: the next one fails at once
        with pytest.raises(SetupFailed, match="cannot tap the broker"):
            verify(ctx, interaction(ctx, "a payment.successful event"))
        assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("answer", "message", "status"),
    [
        (500, "the state-change URL answered 500", 500),
        (None, "stopped answering: ConnectError", None),
    ],
)
def test_a_failing_state_change_url_is_an_error_with_the_call(
    tmp_path, key_file, answer, message, status
):
    pacts = one_pact(tmp_path, "a request for a card payment", "the moon is full")
    with fake_payments.FakePayments(set()) as payments, StateChange(answer or 200, {}) as hook:
        url = hook.url if answer else f"http://127.0.0.1:{closed_port()}/state"
        services = {"payments": {"base_url": payments.url, "state_change_url": url}}
        ctx = context(write_target(tmp_path / "t.yaml", key_file, services, pacts=str(pacts)))
        (only,) = interactions(ctx)
        with pytest.raises(SetupFailed) as raised:
            verify(ctx, only)
    assert raised.value.message.startswith("provider state 'the moon is full' could not be set up")
    assert message in raised.value.message
    evidence = raised.value.evidence
    assert evidence["request"]["method"] == "POST" and evidence["request"]["url"] == url
    assert (evidence["response"] or {}).get("status") == status


def test_a_working_state_change_url_hands_its_values_to_the_verifier(tmp_path, key_file):
    pacts = one_pact(tmp_path, "a request for a card payment", "the moon is full")
    with fake_payments.FakePayments(set()) as payments, StateChange(200, {"x": 1}) as hook:
        services = {"payments": {"base_url": payments.url, "state_change_url": hook.url}}
        said: list[str] = []
        ctx = context(write_target(tmp_path / "t.yaml", key_file, services, pacts=str(pacts)), said)
        (only,) = interactions(ctx)
        verification = verify(ctx, only)
    assert verification.ok, verification.output
    assert verification.states == (f"POST {hook.url} 'the moon is full' -> 200",)
    assert "pacts: setting up provider state 'the moon is full' for one.json:" in said[1]
