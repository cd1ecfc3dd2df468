"""Runs Schemathesis against one service; keeps per (operation, check) what it judged and found.

Schemathesis objects never leave this module: a run becomes plain records (`FuzzRun`, `ApiFailure`
with the failing request and response as an `HttpExchange`, `FuzzError` for whatever kept
Schemathesis from testing as asked). The configuration is built here in full and passed
explicitly, so no `schemathesis.toml` found in the working directory applies, and the Hypothesis
example database is off (no `.hypothesis/` folder, runs reproducible with a seed).

Nothing the engine reports is dropped (`_Listener` maps every event that means "not tested as
asked" to a `FuzzError`, for one operation or for the whole run), and a service that stops
answering ends the run at its first transport error (`_TransportWatch`): a dead or hung candidate
costs one request timeout, not one per generated case.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from conformance import openapi
from conformance.observations import HttpExchange, HttpRequest, HttpResponse, Operation
from conformance.observations.api import PHASES, RUN, ApiFailure, FuzzError, FuzzRun
from conformance.registry import SetupFailed

# object_level_authorization needs several identities (the suite sends one); max_response_time
# needs a limit the contracts do not set. Every other built-in check runs.
NOT_RUN = ("object_level_authorization",)
# A valid request may meet 422 where the contracts say so: a reused `Idempotency-Key` (Schemathesis
# repeats the spec's example key with other bodies). Added to Schemathesis's default statuses.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
# A phase skipped for these reasons had nothing to do (no links for stateful, a format without
# examples...): recorded, not an error. Any other skip (disabled although we enable every phase,
# a failure limit, the server gone) means the phase could not run: its checks are not judged.
NOTHING_TO_DO = {"not_applicable", "not_supported", "nothing_to_test", "no_checks_ran"}
# Scenario skip reasons that mean the run stopped under it (Schemathesis's StopReason texts),
# unlike "No examples in schema": the operation was left untested in that phase.
CUT_SHORT = {
    "Interrupted",
    "Failure limit reached",
    "Time limit reached",
    "Server stopped responding",
}
BEFORE = "before the run"  # the phase of what stopped the run before the engine started
CONFIGURATION = "configuration"  # the phase of a configuration or spec Schemathesis refused


@dataclass(frozen=True)
class FuzzSettings:
    base_url: str
    token: str
    token_hint: str
    max_examples: int = 50
    seed: int | None = None
    request_timeout: float = 10
    service: str = ""  # for the progress line


def schemathesis_label(operation: Operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def run(
    specs_folder: Path, settings: FuzzSettings, progress: Callable[[str], None] = lambda text: None
) -> FuzzRun:
    """Run every phase with every built-in check; what prevented testing ends up in `errors`."""
    result = FuzzRun()
    try:
        schema = _load(specs_folder / "openapi.yaml", settings)
    except _load_errors() as exc:
        result.add(FuzzError(CONFIGURATION, _one_line(_describe(exc))))
        return result
    unanswered = _unanswered(settings)
    if unanswered is not None:  # a dead or hung service: no engine, one timeout at most
        return _stopped(result, unanswered)
    return _execute(schema, result, settings, progress)


def _execute(
    schema: Any, result: FuzzRun, settings: FuzzSettings, progress: Callable[[str], None]
) -> FuzzRun:
    from schemathesis.engine import from_schema

    logging.getLogger("schemathesis").setLevel(logging.ERROR)
    stream = from_schema(schema).execute()
    listener = _Listener(result, settings, progress, stream.stop)
    schema.hooks.register_hook_with_name(listener.watch.after_network_error, "after_network_error")
    with listener.crashes:
        for event in stream:
            listener.handle(event)
    listener.finish()
    if listener.interrupted:  # Ctrl-C: the engine swallowed it; the user meant the whole run
        raise KeyboardInterrupt
    return result


def _stopped(result: FuzzRun, cause: FuzzError) -> FuzzRun:
    result.stopped = cause
    result.add(cause)
    return result


def _unanswered(settings: FuzzSettings) -> FuzzError | None:
    """One request before the engine starts: its probes alone would wait twice the timeout on
    a hung service, and its test cases once each."""
    request = HttpRequest("GET", settings.base_url)
    try:
        httpx.get(settings.base_url, timeout=settings.request_timeout)
    except httpx.TransportError as exc:
        return _no_answer(BEFORE, "does not answer", exc, request, settings)
    return None


def _no_answer(
    phase: str, verb: str, exc: Exception, request: HttpRequest | None, settings: FuzzSettings
) -> FuzzError:
    """The error of a request that got no HTTP answer: one line naming it, in full as evidence."""
    what = (
        f"{type(exc).__name__} on {request.method} {request.url}" if request else type(exc).__name__
    )
    why = f"{settings.base_url} {verb}: {what} ({_reason(exc, settings)})"
    return FuzzError(phase, why, RUN, request, _one_line(f"{type(exc).__name__}: {exc}", 1000))


# The part of a transport error's text worth a line: requests nests it deep in its message.
REASONS = (re.compile(r"\[Errno -?\d+\] ([^'\")]+)"), re.compile(r"RemoteDisconnected\('([^']+)'"))


def _reason(exc: Exception, settings: FuzzSettings) -> str:
    import requests

    if isinstance(exc, httpx.TimeoutException | requests.Timeout):
        return f"no answer within {settings.request_timeout:g} s"
    found = (pattern.search(str(exc)) for pattern in REASONS)
    return next((m.group(1).strip() for m in found if m), _one_line(str(exc), 120) or "no answer")


def _load_errors() -> tuple[type[Exception], ...]:
    from schemathesis.core.errors import SchemathesisError

    # The configuration refused (ConfigError), a spec Schemathesis cannot load, or our own
    # reading of it (SetupFailed); anything else is a bug and keeps its traceback.
    return (SchemathesisError, SetupFailed, OSError)


def _load(path: Path, settings: FuzzSettings) -> Any:
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    config: dict[str, Any] = {
        "base-url": settings.base_url,
        "generation": {"max-examples": settings.max_examples, "database": "none"},
        "phases": {name: {"enabled": True} for name in PHASES},
        "checks": {
            **{name: {"enabled": False} for name in NOT_RUN},
            "positive_data_acceptance": {"expected-statuses": ACCEPTED},
        },
        "request-timeout": settings.request_timeout,
        "continue-on-failure": True,
        "warnings": False,
    }
    schemes = _bearer_schemes(path)
    if schemes:  # Schemathesis refuses an empty `auth.openapi` section
        config["auth"] = {"openapi": {name: {"bearer": settings.token} for name in schemes}}
    if settings.seed is not None:
        config["seed"] = settings.seed
    return schemathesis.openapi.from_path(path, config=SchemathesisConfig.from_dict(config))


def _bearer_schemes(path: Path) -> list[str]:
    """The spec's security schemes that take a bearer token (Schemathesis sends it for those)."""
    schemes = openapi.load(path.parent).get("components", {}).get("securitySchemes", {})
    return [
        name
        for name, scheme in schemes.items()
        if (scheme.get("type"), str(scheme.get("scheme", "")).lower()) == ("http", "bearer")
        or scheme.get("type") in ("oauth2", "openIdConnect")
    ]


class _TransportWatch:
    """Stops the engine at the first request that got no answer (refused, reset, timed out).

    Schemathesis only stops by itself when a server that answered earlier refuses connections
    (and confirms it with its own probes); a hung server, or one that was never up, costs a
    timeout per generated case. Its `after_network_error` hook runs in the worker thread right
    when a request fails, before Hypothesis replays or shrinks anything, so stopping there ends
    the run after one timeout. The hook is not given the exception: it is the one being handled.
    """

    def __init__(self, settings: FuzzSettings, stop: Callable[[], None]) -> None:
        self.settings, self.stop = settings, stop
        self.phase = "probing"  # kept current by the listener (phases run one after another)
        self.cause: FuzzError | None = None
        self.lock = threading.Lock()

    def after_network_error(self, context: Any, case: Any, request: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, Exception) and _is_transport_error(exc):
            self.record(exc, _sent(request, self.settings))

    def record(self, exc: Exception, request: HttpRequest | None) -> None:
        """The first transport error of the run becomes its cause; the engine is told to stop."""
        with self.lock:
            if self.cause is None:
                self.cause = _no_answer(
                    self.phase, "stopped answering", exc, request, self.settings
                )
        self.stop()


def _is_transport_error(exc: BaseException) -> bool:
    """A request that got no HTTP answer: refused, reset, closed or timed out."""
    import requests
    from requests.exceptions import ChunkedEncodingError

    return isinstance(exc, requests.ConnectionError | requests.Timeout | ChunkedEncodingError)


def _sent(request: Any, settings: FuzzSettings) -> HttpRequest | None:
    """The suite's record of a `requests.PreparedRequest` (the token shown redacted)."""
    if request is None or not getattr(request, "url", None):
        return None
    headers = {str(k): str(v) for k, v in request.headers.items()}
    body = request.body.encode() if isinstance(request.body, str) else request.body
    hint = settings.token_hint if "authorization" in {k.lower() for k in headers} else None
    return HttpRequest(str(request.method), str(request.url), headers, body, hint)


class _ThreadCrashes:
    """Exceptions escaping Schemathesis's own threads while the engine runs.

    The engine reports what goes wrong in its worker threads as events, except an exception that
    escapes one (e.g. Hypothesis refusing its settings in the stateful thread): that only prints
    a traceback, and the phase then ends as if it had had nothing to test. Caught here instead,
    to become errors of the run; other threads' exceptions go to the previous hook untouched.
    """

    def __init__(self) -> None:
        self.caught: list[tuple[str, Exception]] = []  # (thread name, exception)
        self.previous = threading.excepthook

    def __enter__(self) -> _ThreadCrashes:
        self.previous, threading.excepthook = threading.excepthook, self._hook
        return self

    def __exit__(self, *exc: object) -> None:
        threading.excepthook = self.previous

    def _hook(self, args: Any) -> None:
        name = args.thread.name if args.thread is not None else ""
        if name.startswith("schemathesis_") and isinstance(args.exc_value, Exception):
            self.caught.append((name, args.exc_value))
        else:
            self.previous(args)

    def take(self) -> list[tuple[str, Exception]]:
        caught, self.caught = self.caught, []
        return caught


class _Listener:
    """Turns the engine's events into a `FuzzRun`, one event at a time, in the main thread.

    The mapping: a FatalError, or a NonFatalError not about one operation, is an error of the
    run (every check of the service errors); a NonFatalError about an operation is that
    operation's; a phase that ended in error with no error reported in it, or was skipped for a
    reason other than having nothing to do, is an error of the run naming the phase; an
    operation a phase left out because the run was cut short, or ended in error without saying
    why, is that operation's error; an engine that stopped early is an error of the run;
    Interrupted (Ctrl-C) is re-raised once the engine has finished. A transport error stops the
    run (`_TransportWatch`); what follows from the stop is not recorded again.
    """

    def __init__(
        self,
        result: FuzzRun,
        settings: FuzzSettings,
        progress: Callable[[str], None],
        stop: Callable[[], None],
    ) -> None:
        self.result, self.settings, self.progress = result, settings, progress
        self.watch = _TransportWatch(settings, stop)
        self.crashes = _ThreadCrashes()
        self.phase = "probing"
        self.errored: set[tuple[str, str]] = set()  # (phase, operation) with an error reported
        self.interrupted = False
        from schemathesis.engine import events

        self.handlers: list[tuple[type, Callable[[Any], None]]] = [
            (events.PhaseStarted, self._phase_started),
            (events.ScenarioFinished, self._scenario),
            (events.PhaseFinished, self._phase_finished),
            (events.NonFatalError, self._non_fatal),
            (events.FatalError, self._fatal),
            (events.Interrupted, self._interrupted),
            (events.EngineFinished, self._engine_finished),
        ]  # every other event (started, warnings, rate-limit waits) says nothing to record

    def handle(self, event: Any) -> None:
        for kind, handler in self.handlers:
            if isinstance(event, kind):
                handler(event)
                return

    @property
    def stopped(self) -> bool:
        return self.watch.cause is not None

    def _phase_started(self, event: Any) -> None:
        self.phase = self.watch.phase = event.phase.name.value
        self._report()

    def _scenario(self, event: Any) -> None:
        if not event.is_test_scenario:  # sign-up and login calls prepare the run
            return
        phase, label = event.phase.value, event.label or RUN  # stateful spans operations
        _record(self.result, event.recorder, phase, self.settings)
        self._report()
        if self.stopped:
            return
        if event.skip_reason in CUT_SHORT:
            self._add(phase, f"Schemathesis left it untested: {event.skip_reason}", label)
        elif event.status.value == "error" and not self._explained(phase, label):
            self._add(phase, f"Schemathesis ended {event.label or 'a scenario'} in error", label)

    def _phase_finished(self, event: Any) -> None:
        from schemathesis.core.result import Ok

        name, skip, status = event.phase.name.value, event.phase.skip_reason, event.status.value
        self.result.phases[name] = f"skipped: {skip.value}" if skip else status
        self._crashes(name)  # the phase's threads are joined before it reports its end
        if isinstance(event.payload, Ok):  # the capability probes send requests outside the hook
            self._probes(event.payload.ok().probes)
        if self.stopped or status == "interrupted":
            return
        if status == "error" and not any(phase == name for phase, _ in self.errored):
            self._add(name, "the phase ended in error")
        elif status == "skip" and skip is not None and skip.value not in NOTHING_TO_DO:
            self._add(name, f"the phase could not run: {skip.value.replace('_', ' ')}")

    def _probes(self, probes: list[Any]) -> None:
        for probe in probes:
            if probe.error is not None and _is_transport_error(probe.error):
                self.watch.record(probe.error, _sent(probe.request, self.settings))

    def _non_fatal(self, event: Any) -> None:
        error = event.value
        if _is_transport_error(error):  # the hook saw it first, unless it had no request
            self.watch.record(error, _sent(getattr(error, "request", None), self.settings))
        elif not (self.stopped and _follows_outage(error)):
            phase = event.phase.value if event.phase else self.phase
            self._add(phase, _describe(error), event.label if event.related_to_operation else RUN)

    def _fatal(self, event: Any) -> None:
        self._add(self.phase, f"Schemathesis failed: {_describe(event.exception)}")

    def _interrupted(self, event: Any) -> None:
        if not self.stopped:
            self._add(event.phase.value if event.phase else self.phase, "interrupted (Ctrl-C)")
            self.interrupted = True

    def _engine_finished(self, event: Any) -> None:
        for failure in event.failures:  # checks judging the run as a whole
            check = next(iter(type(failure).checks), "")
            label = failure.operation or ""
            self.result.failures.append(_failure(check, label, failure, None, (), "after run"))
        reason = event.stop_reason
        if reason.value != "completed" and not (self.stopped or self.interrupted):
            self._add(self.phase, f"Schemathesis stopped early: {reason.skip_explanation}")

    def finish(self) -> None:
        """After the last event: a crash no phase reported, and the cause of an early stop."""
        self._crashes(self.phase)
        if self.watch.cause is not None:
            _stopped(self.result, self.watch.cause)

    def _crashes(self, phase: str) -> None:
        for thread, exc in self.crashes.take():
            self._add(phase, f"Schemathesis crashed in {thread}: {_describe(exc)}")

    def _explained(self, phase: str, label: str) -> bool:
        return (phase, label) in self.errored or (phase, RUN) in self.errored

    def _add(self, phase: str, message: str, operation: str = RUN) -> None:
        self.errored.add((phase, operation))
        self.result.add(FuzzError(phase, _one_line(message), operation))

    def _report(self) -> None:
        who = self.settings.service or self.settings.base_url
        self.progress(f"api: {who}, {self.phase} phase, {self.result.responses} responses judged")


def _follows_outage(error: Exception) -> bool:
    """Schemathesis's own verdicts on a server that stopped answering: after the watch stopped
    the run at the first transport error, they restate its cause."""
    from schemathesis.engine.errors import (
        ServerUnavailable,
        UnhealthyAPIError,
        UnresponsiveOperationError,
    )

    return isinstance(error, ServerUnavailable | UnhealthyAPIError | UnresponsiveOperationError)


def _record(result: FuzzRun, recorder: Any, phase: str, settings: FuzzSettings) -> None:
    for case_id, nodes in recorder.checks.items():
        case = recorder.cases.get(case_id)
        label = case.value.operation.label if case else recorder.label
        result.responses += 1 if nodes else 0
        for node in nodes:
            result.judged[(label, node.name)] += 1
            info = node.failure_info
            if info is not None:
                exchange = _exchange(recorder.interactions.get(case_id), settings)
                steps = tuple(f"{s.method} {s.path}" for s in info.steps)
                failure = _failure(node.name, label, info.failure, exchange, steps, phase)
                result.failures.append(failure)


def _failure(
    check: str,
    label: str,
    failure: Any,
    exchange: HttpExchange | None,
    steps: tuple[str, ...],
    phase: str,
) -> ApiFailure:
    return ApiFailure(check, label, failure.title, failure.message, exchange, steps, phase)


def _exchange(interaction: Any, settings: FuzzSettings) -> HttpExchange | None:
    if interaction is None or interaction.response is None:
        return None
    sent, got = interaction.request, interaction.response
    headers = {k: ", ".join(v) for k, v in sent.headers.items()}
    hint = settings.token_hint if "authorization" in {k.lower() for k in headers} else None
    request = HttpRequest(sent.method, sent.uri, headers, sent.body, hint)
    answer = HttpResponse(
        got.status_code, {k: ", ".join(v) for k, v in got.headers.items()}, got.content
    )
    return HttpExchange(request, answer, None, "generated by Schemathesis")


def _describe(exc: BaseException) -> str:
    """`Type: message`, e.g. "InvalidArgument: max_examples=0 must be at least one"."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
