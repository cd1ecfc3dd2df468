"""What the real Schemathesis engine reports becomes an honest record (`probes/fuzz.py`).

Every test runs the real engine against a tiny real server (`TinyServer`, a socket server whose
behaviour the test picks) or a spec file that breaks it: a configuration Schemathesis refuses, an
operation it cannot generate for, a server that answers 500 to everything, one that closes the
connection without answering, one that dies or hangs in the middle of the run. Nothing of
Schemathesis is mocked. Durations are asserted relative to the request timeout, never absolute.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest
import yaml

from accord import bundled
from accord.cli import main
from conformance import registry
from conformance.context import RunContext, RunOptions
from conformance.probes import fuzz
from conformance.registry import SetupFailed, Violation
from conformance.reports.curl import with_reproducer
from conformance.target import load_target

TIMEOUT = 1.0  # request timeout of the runs here: every bound below is a multiple of it

TINY_SPEC = """\
openapi: 3.0.3
info: {title: tiny, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 10}}
      responses:
        "200":
          description: the items
          content:
            application/json:
              schema: {type: array, items: {type: string}}
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: one item
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""

BROKEN_OPERATION = """\
  /broken:
    post:
      operationId: broken
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "missing.yaml#/Thing"}
      responses:
        "200": {description: ok}
"""


class TinyServer:
    """HTTP/1.1 on a free port, one thread per connection. It answers every request with
    `status` and `body`, or only the first `answered` ones and then does `then` to each request:
    "hang" (reads it, never answers), "drop" (closes the connection unanswered) or "refuse"
    (closes its listening socket: every later connection is refused)."""

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"[]",
        answered: int | None = None,
        then: str = "hang",
        on_request: Callable[[int], None] = lambda count: None,
    ) -> None:
        self.status, self.body, self.answered, self.then = status, body, answered, then
        self.on_request = on_request  # called with the request's number, from 1
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.received = 0  # requests read, answered or not
        self.unanswered = 0  # requests read after the switch: what the candidate was spared
        self.switched_at: float | None = None  # time.monotonic() of the first unanswered request
        self.released = threading.Event()  # lets hanging handlers go at the end
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.released.set()
        self._close_listener()

    def _close_listener(self) -> None:
        with contextlib.suppress(OSError):  # shutdown wakes a blocked accept(); close may not
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            while self._read_request(reader):
                with self.lock:
                    self.received += 1
                    count = self.received
                    switched = self.answered is not None and self.received > self.answered
                    self.unanswered += switched
                    if switched and self.switched_at is None:
                        self.switched_at = time.monotonic()
                self.on_request(count)
                if not switched:
                    conn.sendall(self._response())
                    continue
                if self.then == "hang":
                    self.released.wait()
                elif self.then == "refuse":
                    self._close_listener()
                return

    @staticmethod
    def _read_request(reader) -> bool:
        length = 0
        line = reader.readline()
        if not line:
            return False
        while line not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
            line = reader.readline()
        reader.read(length)
        return True

    def _response(self) -> bytes:
        head = (
            f"HTTP/1.1 {self.status} X\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(self.body)}\r\n\r\n"
        )
        return head.encode() + self.body


@pytest.fixture
def server() -> Iterator[Callable[..., TinyServer]]:
    """Start TinyServers (same arguments); all are closed after the test."""
    started: list[TinyServer] = []

    def start(*args, **kwargs) -> TinyServer:
        started.append(TinyServer(*args, **kwargs))
        return started[-1]

    yield start
    for each in started:
        each.close()


def tiny_specs(tmp_path: Path, extra: str = "") -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "openapi.yaml").write_text(TINY_SPEC + extra, encoding="utf-8")
    return folder


def settings(url: str, **overrides) -> fuzz.FuzzSettings:
    values = dict(
        base_url=url,
        token="not-a-token",
        token_hint="any token",
        max_examples=5,
        seed=3,
        request_timeout=TIMEOUT,
        service="tiny",
    )
    return fuzz.FuzzSettings(**{**values, **overrides})


def timed_run(specs: Path, config: fuzz.FuzzSettings) -> tuple[fuzz.FuzzRun, float, list[str]]:
    said: list[str] = []
    started = time.monotonic()
    result = fuzz.run(specs, config, said.append)
    return result, time.monotonic() - started, said


def run_errors(result: fuzz.FuzzRun) -> list[fuzz.FuzzError]:
    return [e for e in result.errors if e.operation == fuzz.RUN]


# --- configuration and spec errors ---------------------------------------------------------------


def test_a_configuration_schemathesis_refuses_is_an_error_of_the_whole_run(tmp_path, server):
    candidate = server()
    result, _, _ = timed_run(tiny_specs(tmp_path), settings(candidate.url, request_timeout=-1))
    (error,) = result.errors
    assert (error.phase, error.operation) == ("configuration", fuzz.RUN)
    assert error.message.startswith("ConfigError: ") and "request-timeout" in error.message
    assert result.errors_for("GET /items") == result.errors_for("GET /items/{id}") == (error,)
    assert candidate.received == 0  # refused before anything was sent


def test_settings_hypothesis_refuses_error_each_operation_and_the_phase_that_crashed(
    tmp_path, server
):
    """max_examples=0 (the bug that once let 78 checks pass): the fuzzing phase reports it per
    operation; the stateful phase's thread dies of it without an event, which is caught too."""
    candidate = server()
    result, _, _ = timed_run(tiny_specs(tmp_path), settings(candidate.url, max_examples=0))
    for label in ("GET /items", "GET /items/{id}"):
        mine = [e for e in result.errors if e.operation == label]
        assert [(e.phase, e.message.split(":")[0]) for e in mine] == [
            ("fuzzing", "InvalidArgument")
        ]
        assert "max_examples=0 must be at least one" in mine[0].message
    (crash,) = run_errors(result)
    assert crash.phase == "stateful"
    assert "crashed in schemathesis_stateful_tests: InvalidArgument" in crash.message


def test_an_operation_schemathesis_cannot_generate_for_errors_alone(tmp_path, server):
    candidate = server()
    specs = tiny_specs(tmp_path, BROKEN_OPERATION)
    result, _, _ = timed_run(specs, settings(candidate.url))
    assert run_errors(result) == []
    broken = result.errors_for("POST /broken")
    assert [e.phase for e in broken] == ["examples", "coverage", "fuzzing"]
    assert all("Unresolvable reference" in e.message for e in broken)
    assert all("missing.yaml#/Thing" in e.message for e in broken)
    assert result.errors_for("GET /items") == ()
    assert result.judged[("GET /items", "not_a_server_error")] > 0
    assert result.phases["examples"] == "error"  # the phase's error is the operation's


def test_a_phase_with_nothing_to_do_is_recorded_not_an_error(tmp_path, server):
    """One GET operation, no links: the stateful phase is not applicable. That is no error."""
    candidate = server()
    specs = tiny_specs(tmp_path)
    spec = specs / "openapi.yaml"
    spec.write_text(spec.read_text().split("  /items/{id}:")[0], encoding="utf-8")
    result, _, _ = timed_run(specs, settings(candidate.url))
    assert result.phases["stateful"] == "skipped: not_applicable"
    assert result.errors == [] and result.judged[("GET /items", "not_a_server_error")] > 0


# --- what the candidate answers -------------------------------------------------------------------


def test_a_500_on_everything_is_failures_every_one_listed_never_an_error(tmp_path, server):
    candidate = server(status=500, body=b'{"title": "boom"}')
    result, _, said = timed_run(tiny_specs(tmp_path), settings(candidate.url))
    assert result.errors == [] and result.stopped is None
    for label in ("GET /items", "GET /items/{id}"):
        (failure,) = result.failures_for(label, "not_a_server_error")
        assert failure.exchange is not None and failure.exchange.response.status == 500
        summary = failure.summary()
        assert summary["status"] == 500 and summary["phase"] in fuzz.PHASES
        assert summary["exchange"]["request"]["url"].startswith(candidate.url)
        assert result.failures_for(label, "status_code_conformance")
    assert said[-1] == f"api: tiny, stateful phase, {result.responses} responses judged"
    counts = [int(line.split(", ")[-1].split()[0]) for line in said]
    assert counts == sorted(counts) and counts[-1] == result.responses > 0


def test_a_connection_closed_without_an_answer_stops_the_run_at_once(tmp_path, server):
    candidate = server(answered=30, then="drop")
    result, _, _ = timed_run(tiny_specs(tmp_path), settings(candidate.url))
    cause = result.stopped
    assert cause is not None and cause.phase in fuzz.PHASES
    assert "stopped answering: ConnectionError on GET " in cause.message
    assert cause.message.endswith("(Remote end closed connection without response)")
    assert cause.request is not None and cause.request.url.startswith(candidate.url)
    assert run_errors(result) == [cause]  # once, not per operation, case or phase
    assert result.errors_for("GET /items")[0] is cause
    # Schemathesis's own outage check may knock a few times; no more cases are sent
    assert candidate.unanswered <= 5


# --- a dead or hung candidate ---------------------------------------------------------------------


def test_a_candidate_that_hangs_mid_run_costs_one_timeout(tmp_path, server):
    candidate = server(answered=30, then="hang")
    result, _, _ = timed_run(tiny_specs(tmp_path), settings(candidate.url))
    finished = time.monotonic()
    assert candidate.switched_at is not None
    assert finished - candidate.switched_at < 3 * TIMEOUT
    assert candidate.unanswered == 1
    cause = result.stopped
    assert cause is not None and cause.message.endswith("(no answer within 1 s)")
    assert "ReadTimeout on GET" in cause.message
    assert cause.transport_error.startswith("ReadTimeout: ")
    assert run_errors(result) == [cause]


def test_a_candidate_that_dies_mid_run_stops_the_run_in_seconds(tmp_path, server):
    candidate = server(answered=30, then="refuse")
    result, _, _ = timed_run(tiny_specs(tmp_path), settings(candidate.url))
    assert candidate.switched_at is not None
    assert time.monotonic() - candidate.switched_at < 3 * TIMEOUT
    assert result.stopped is not None and run_errors(result) == [result.stopped]
    assert candidate.unanswered == 1


@pytest.mark.parametrize("state", ["closed", "hung"])
def test_a_candidate_dead_before_the_run_is_never_fuzzed(tmp_path, server, state):
    candidate = server(answered=0, then="hang")
    if state == "closed":
        candidate.close()
    result, took, said = timed_run(tiny_specs(tmp_path), settings(candidate.url))
    assert took < (2 * TIMEOUT if state == "hung" else TIMEOUT)
    assert candidate.received == (state == "hung") and said == []
    cause = result.stopped
    assert cause is not None and cause.phase == "before the run"
    error, reason = {
        "closed": ("ConnectError", "Connection refused"),
        "hung": ("ReadTimeout", "no answer within 1 s"),
    }[state]
    assert cause.line() == (
        f"before the run: {candidate.url} does not answer: {error} on GET {candidate.url} "
        f"({reason})"
    )
    assert result.errors == [cause]


def test_ctrl_c_during_the_run_stops_it_and_is_not_swallowed(tmp_path, server):
    """The engine turns Ctrl-C into an event; the suite hands it back to pytest."""

    def ctrl_c_at_the_20th(count: int) -> None:
        if count == 20:
            os.kill(os.getpid(), signal.SIGINT)

    candidate = server(on_request=ctrl_c_at_the_20th)
    with pytest.raises(KeyboardInterrupt):
        fuzz.run(tiny_specs(tmp_path), settings(candidate.url))
    assert candidate.received < 40


# --- the api family against a dead or hung candidate ----------------------------------------------


def api_target(tmp_path: Path, key_file: Path, **urls: str) -> Path:
    """Both bundled services (orders, payments) at the given URLs; minted tokens."""
    document = {
        "services": {name: {"base_url": url} for name, url in urls.items()},
        "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "tiny"}},
        "timeouts": {"connect": TIMEOUT, "request": TIMEOUT},
    }
    path = tmp_path / "target.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def observe(check: registry.Check, ctx: RunContext, subject: registry.Subject) -> object:
    assert check.observe is not None
    return check.observe(ctx, subject)


def judge_api_family(target: Path) -> tuple[list[SetupFailed], float]:
    """Observe every api check on every operation, as the suite does; each must be an error."""
    ctx = RunContext(load_target(target), RunOptions(max_examples=5, seed=1))
    api = [c for c in registry.discover().values() if c.family == "api"]
    errors: list[SetupFailed] = []
    started = time.monotonic()
    for check in api:
        for subject in check.subjects(ctx):
            with pytest.raises(SetupFailed) as caught:
                observe(check, ctx, subject)
            errors.append(caught.value)
    return errors, time.monotonic() - started


@pytest.mark.parametrize("state", ["closed", "hung"])
def test_every_api_check_errors_with_the_cause_when_the_candidate_is_dead(
    tmp_path, server, key_file, state
):
    """78 errors (13 checks x 6 operations), one cause per service, one request each: the
    family ends within 3 request timeouts per hung service, 3 in all when nothing listens. The
    unanswered request is the evidence, with its curl command."""
    orders, payments = server(answered=0), server(answered=0)
    if state == "closed":
        orders.close()
        payments.close()
    target = api_target(tmp_path, key_file, orders=orders.url, payments=payments.url)
    errors, took = judge_api_family(target)
    assert len(errors) == 78
    assert took < (2 * 3 * TIMEOUT if state == "hung" else 3 * TIMEOUT)
    assert orders.received == payments.received == (state == "hung")
    for error in errors:
        url = orders.url if "orders" in error.evidence["operation"] else payments.url
        assert error.message.startswith("Schemathesis could not test ")
        assert f": before the run: {url} does not answer: " in error.message
        assert "\n" not in error.message
        assert error.evidence["request"] == {
            "method": "GET",
            "url": url,
            "headers": {},
            "body": None,
            "token_hint": None,
        }
        assert error.evidence["transport_error"].startswith(("ConnectError", "ReadTimeout"))
        assert with_reproducer(error.evidence)["reproduce"] == f"curl -i -X GET {url}"


def test_accord_run_reports_a_candidate_that_died_after_preflight(tmp_path, server, key_file):
    """Preflight saw both services answer; then they went away: every api check is an error
    naming the cause, in a report valid against its schema, with a curl command each."""
    orders, payments = server(answered=1, then="refuse"), server(answered=1, then="refuse")
    target = api_target(tmp_path, key_file, orders=orders.url, payments=payments.url)
    reports = tmp_path / "reports"
    started = time.monotonic()
    options = ["--only", "api", "--max-examples", "5", "--seed", "1"]
    code = main(["run", "--target", str(target), "--report-dir", str(reports), *options])
    took = time.monotonic() - started
    document = json.loads((reports / "report.json").read_text())
    schema = json.loads(bundled.schema_path("report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    assert code == 1 and took < 2 * 3 * TIMEOUT
    checks = document["checks"]
    assert len(checks) == 78 and {c["status"] for c in checks} == {"error"}
    assert all(
        "before the run" in c["message"] and "does not answer" in c["message"] for c in checks
    )
    assert all(c["evidence"]["reproduce"].startswith("curl -i -X GET http://") for c in checks)
    assert orders.received == payments.received == 2  # preflight, then the unanswered check


def test_failures_found_before_the_candidate_hung_stay_failures(tmp_path, server, key_file):
    """A 5xx seen before the service hung is a verdict (the check fails, the stop is in its
    evidence); the checks that found nothing by then are errors naming the stop."""
    orders = server(status=500, body=b'{"title": "boom"}', answered=40, then="hang")
    payments = server(status=500, body=b'{"title": "boom"}')
    target = api_target(tmp_path, key_file, orders=orders.url, payments=payments.url)
    ctx = RunContext(load_target(target), RunOptions(max_examples=5, seed=1))
    check = registry.discover()["API-001"]
    outcomes: dict[str, BaseException] = {}
    for subject in check.subjects(ctx):
        try:
            check.judge(observe(check, ctx, subject))
        except (Violation, SetupFailed) as exc:
            outcomes[subject.id] = exc
    failed = {k: v for k, v in outcomes.items() if isinstance(v, Violation)}
    errored = {k: v for k, v in outcomes.items() if isinstance(v, SetupFailed)}
    operations = {"createOrder", "listOrders", "getOrder", "updateOrderStatus"}
    orders_ops = {f"orders.{name}" for name in operations}
    assert set(outcomes) == orders_ops | {"payments.createPayment", "payments.getPayment"}
    assert orders.unanswered == 1
    assert {"payments.createPayment", "payments.getPayment"} <= set(failed)
    orders_failed = orders_ops & set(failed)
    assert orders_failed and set(errored) == orders_ops - orders_failed
    for name in orders_failed:
        assert failed[name].message.endswith("; the run was incomplete, see errors")
    for error in errored.values():
        assert "stopped answering: ReadTimeout" in error.message
