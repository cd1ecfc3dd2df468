"""Verifies consumer pacts against the candidate with pact-python's own `Verifier`, one
interaction at a time, so that Pact's matching rules judge the candidate and each interaction is
its own result.

- **Where the pacts come from**: the target's `pacts` (a folder or file; by default the
  repository's `pacts/`), or a Pact Broker URL (`pact_broker.py` fetches the latest pact of each
  consumer of each target service). A pact's provider is the target service of that name.
- **HTTP interactions** are replayed by the Verifier against the service's `base_url` (its host
  set explicitly), filtered by description. The suite adds what a real consumer would send: a
  valid token with the scopes the OpenAPI operation requires (only when the pact's request
  carries `Authorization`), and a fresh UUID for a header the pact matches by a pattern a UUID
  satisfies (`Idempotency-Key`), so a re-run never replays nor collides with an earlier request.
- **Provider states** are set up through the candidate's public API (`provider_states.py`)
  *before* the Verifier starts; the ids it creates go back to the Verifier as provider-state
  values (the `ProviderState` generators of paths and bodies) from a local state-change endpoint
  that only hands them out. A state the suite does not know goes to the service's
  `state_change_url` when the target names one, else the interaction is skipped with the reason.
- **Failing fast and honestly**: a setup call the candidate answers wrongly fails the
  interaction (a `Violation` with that exchange); a candidate that does not answer (closed port,
  timeout: the run's HTTP probe marks it down) or a broker the suite cannot tap is an error
  (`SetupFailed`) raised before any Verifier starts, naming the first cause once. The Verifier
  itself waits at most `timeouts.request` for the one request it sends.
- **Message interactions** are judged on a real event: the broker tap is bound, the state is
  set up through the API (which makes the candidate publish), the event is awaited on the
  channel the pact names, and the raw message (body, content type, routing key, AMQP headers)
  is handed to the Verifier as the message producer's answer. No function of ours stands in
  for the provider.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from accord.openapi_paths import template_regex
from conformance.observations import HttpExchange, HttpRequest, RawEvent
from conformance.observations.pacts import PactInteraction, PactVerification
from conformance.probes.events import BrokerTap, BrokerUnreachable
from conformance.probes.pact_broker import fetch_pacts
from conformance.probes.provider_states import StateSetup, known, setup_state
from conformance.registry import Declared, SetupFailed, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

POLL = 0.05
BEARER = re.compile(r"Bearer [A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*")
UNSENT = "error sending request"  # the Verifier's words for a request that got no response


# --- reading the pact source ---------------------------------------------------------------


def interactions(ctx: RunContext) -> list[PactInteraction]:
    """Every interaction of every pact in the target's pact source (read once per run)."""
    return ctx.memo("pacts.interactions", lambda: _read_source(ctx))


def _read_source(ctx: RunContext) -> list[PactInteraction]:
    source = ctx.target.pacts
    if source.broker_url is not None:
        providers = list(ctx.target.services)
        folder = fetch_pacts(source.broker_url, providers, ctx.target.timeouts["request"])
        files, root = sorted(folder.glob("*.json")), folder
    else:
        path = source.path
        if path is None or not path.exists():
            raise Declared(f"the target names no pact source and {path} does not exist")
        files = [path] if path.is_file() else sorted(path.rglob("*.json"))
        root = path.parent if path.is_file() else path
    found = [i for file in files for i in read_pact(file, file.relative_to(root).as_posix())]
    if not found:
        raise Declared(f"the pact source {source} holds no interactions")
    return found


def read_pact(path: Path, label: str) -> list[PactInteraction]:
    """The interactions of one pact file (V2/V3 `interactions` and `messages`, V4)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        consumer, provider = data["consumer"]["name"], data["provider"]["name"]
        raw = list(data.get("interactions", [])) + list(data.get("messages", []))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SetupFailed(f"{label} is not a readable pact: {exc}") from exc
    return [_interaction(path, label, consumer, provider, i) for i in raw]


def _interaction(
    path: Path, label: str, consumer: str, provider: str, raw: dict[str, Any]
) -> PactInteraction:
    kind = raw.get("type")
    http = kind == "Synchronous/HTTP" or (kind is None and "request" in raw)
    states = raw.get("providerStates")
    if states is None and raw.get("providerState"):  # pact V2
        states = [{"name": raw["providerState"]}]
    contents = raw.get("contents", raw.get("content"))
    if isinstance(contents, dict) and "content" in contents and "encoded" in contents:
        contents = contents["content"]
    return PactInteraction(
        file=path,
        label=label,
        consumer=consumer,
        provider=provider,
        description=raw.get("description", ""),
        kind="http" if http else "message",
        states=tuple((s["name"], dict(s.get("params") or {})) for s in states or []),
        request=dict(raw.get("request") or {}),
        metadata=dict(raw.get("metadata") or {}),
        contents=None if http else contents,
    )


# --- running the verifier ------------------------------------------------------------------


def verify(ctx: RunContext, interaction: PactInteraction) -> PactVerification:
    """Verify one interaction against the candidate (Declared when the target cannot be asked).

    SetupFailed, before any Verifier starts, when the candidate does not answer; a Violation or
    SetupFailed naming the provider state when setting it up went wrong (see `_setup`)."""
    service = ctx.target.services.get(interaction.provider)
    if service is None:
        raise Declared(f"the target names no {interaction.provider} service")
    check_states(ctx, interaction, service)
    if interaction.kind == "message" and ctx.target.broker is None:
        raise Declared("the target names no broker: message pacts are judged on real events")
    ctx.progress(f"pacts: verifying {interaction.subject}")
    answering(ctx, service)
    if interaction.kind == "http":
        return _verify_http(ctx, interaction, service)
    return _verify_message(ctx, interaction, service)


def answering(ctx: RunContext, service: Any) -> None:
    """SetupFailed (the first cause, with the request) unless the candidate answers HTTP at all.

    Through the run's HTTP probe, so a candidate already known down fails at once and one that
    just stopped answering is marked down for every later check: the Verifier is never started
    against it (it would only report "error sending request", once per interaction)."""
    try:
        _probe(ctx, service)
    except SetupFailed as exc:
        raise SetupFailed(f"not verified: {exc.message}", exc.evidence) from exc


def _probe(ctx: RunContext, service: Any) -> None:
    ctx.http.request("GET", service.base_url + "/", {"Accept": "*/*"}, None, None)


def _verifier(interaction: PactInteraction, timeout: float, host: str = "127.0.0.1") -> Any:
    from pact import Verifier  # the FFI library loads only when a pact is verified

    verifier = Verifier(interaction.provider, host=host)
    verifier.add_source(str(interaction.file))
    verifier.filter(description=f"^{re.escape(interaction.description)}$")
    verifier.set_request_timeout(int(timeout * 1000))
    verifier.set_coloured_output(enabled=False)
    return verifier


def _verify_http(ctx: RunContext, interaction: PactInteraction, service: Any) -> PactVerification:
    # States first, outside the Verifier: its state-change calls are retried 7 times with
    # exponential backoff (~127 s) on any failure and then report only that "a handler failed".
    prepared, by_state = prepare_states(ctx, service, interaction)
    host = urlsplit(service.base_url).hostname or "localhost"  # else "Host mismatch"
    verifier = _verifier(interaction, ctx.target.timeouts["request"], host)
    verifier.add_transport(url=service.base_url)
    for name, value in request_headers(ctx, interaction).items():
        verifier.add_custom_header(name, value)
    with StateServer(by_state) as url:
        verifier.state_handler(url, body=True)
        started = time.monotonic()
        ok = _run(verifier)
        waited = time.monotonic() - started
    output = _output(verifier)
    verification = PactVerification(
        interaction.subject, interaction.provider, "http", ok, output, states=prepared.steps
    )
    if not ok and UNSENT in verification.output:
        _unanswered_verifier(ctx, service, verification, waited)
    return verification


def _unanswered_verifier(
    ctx: RunContext, service: Any, verification: PactVerification, waited: float
) -> None:
    """The Verifier's request got no answer: not the candidate's wrong answer but none at all,
    an error like any unanswered call. A quick failure (refused, reset) is probed once, which
    marks the service down so later checks fail at once with this cause; after a timeout the
    probe is left to the next check, so no check waits for two timeouts."""
    line = next(ln.strip() for ln in verification.output.splitlines() if UNSENT in ln)
    why = f"not verified: the Verifier's request got no answer ({line})"
    if waited < ctx.target.timeouts["request"]:
        try:
            _probe(ctx, service)
        except SetupFailed as exc:
            evidence = {**verification.evidence(), "probe": exc.evidence}
            raise SetupFailed(f"{why}; {exc.message}", evidence) from exc
    raise SetupFailed(why, verification.evidence())


def check_states(ctx: RunContext, interaction: PactInteraction, service: Any) -> None:
    """Declared when no flow sets a provider state up (nor a state-change URL the target names)."""
    for state, _ in interaction.states:
        if state and not known(ctx, service.name, state) and not service.state_change_url:
            raise Declared(
                f"provider state {state!r}: no flow of the target sets it up, and the target "
                f"names no state_change_url for {service.name}"
            )


def prepare_states(
    ctx: RunContext, service: Any, interaction: PactInteraction
) -> tuple[StateSetup, dict[str, dict[str, Any]]]:
    """Set up every provider state of the interaction, in the pact's order: what was done (all
    of it), and the provider-state values per state name for the Verifier's generators."""
    done = StateSetup({}, ())
    by_state: dict[str, dict[str, Any]] = {}
    for state, params in interaction.states:
        if not state:
            continue
        setup = _setup(ctx, service, interaction, state, params, done.steps)
        by_state[state] = {**by_state.get(state, {}), **setup.values}
        done = done.merge(setup)
    return done, by_state


def _setup(
    ctx: RunContext,
    service: Any,
    interaction: PactInteraction,
    state: str,
    params: dict[str, Any],
    before: tuple[str, ...],
) -> StateSetup:
    """One state, through the API or the state-change URL. Its failure keeps its type (the
    candidate's wrong answer is a Violation, no answer is SetupFailed) and names the state."""
    ctx.progress(f"pacts: setting up provider state {state!r} for {interaction.subject}")
    try:
        if known(ctx, service.name, state):
            return setup_state(ctx, service.name, state, params)
        return _state_change_url(ctx, service, state, params)
    except (Violation, SetupFailed) as exc:
        message = f"provider state {state!r} could not be set up: {exc.message}"
        context = {"interaction": interaction.subject, "provider_state": state, "states": before}
        raise type(exc)(message, {**exc.evidence, **context}) from exc


def _state_change_url(
    ctx: RunContext, service: Any, state: str, params: dict[str, Any]
) -> StateSetup:
    """A state the suite cannot set up through the API, by the target's state-change URL: a
    hook of the deployment's test setup, not the contract, so any failure is SetupFailed."""
    url = service.state_change_url
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    content = json.dumps({"state": state, "params": params, "action": "setup"}).encode()
    response = ctx.http.request("POST", url, headers, content, None)  # SetupFailed: no answer
    if not 200 <= response.status < 300:
        exchange = HttpExchange(HttpRequest("POST", url, headers, content), response)
        raise SetupFailed(f"the state-change URL answered {response.status}", exchange.evidence())
    values = response.json()
    step = f"POST {url} {state!r} -> {response.status}"
    return StateSetup(values if isinstance(values, dict) else {}, (step,))


def request_headers(ctx: RunContext, interaction: PactInteraction) -> dict[str, str]:
    """Headers the suite sends in place of the pact's examples: a valid token of the operation's
    scopes, fresh UUIDs for pattern-matched keys (`Idempotency-Key`)."""
    request = interaction.request
    names = {k.lower(): k for k in (request.get("headers") or {})}
    rules = ((request.get("matchingRules") or {}).get("header")) or {}
    headers = {}
    if "authorization" in names:
        scopes = operation_scopes(ctx, interaction.provider, request)
        token = ctx.tokens.token(interaction.provider, scopes)
        headers["Authorization"] = f"Bearer {token.value}"
    for name, rule in rules.items():
        if name.lower() == "authorization":
            continue
        fresh = str(uuid.uuid4())
        patterns = [m.get("regex") for m in rule.get("matchers", []) if m.get("match") == "regex"]
        if patterns and all(re.search(p, fresh) for p in patterns):
            headers[name] = fresh
    return headers


def operation_scopes(ctx: RunContext, service: str, request: dict[str, Any]) -> tuple[str, ...]:
    """The scopes of the OpenAPI operation the request calls (every scope when none matches)."""
    method, path = str(request.get("method", "GET")).upper(), str(request.get("path", "/"))
    operations = ctx.operations(service)
    matching = [op for op in operations if op.method == method and _template(op.path).match(path)]
    matching.sort(key=lambda op: op.path.count("{"))  # literal segments win over parameters
    if matching:
        return matching[0].scopes
    return tuple(sorted({s for op in operations for s in op.scopes}))


def _template(path: str) -> re.Pattern[str]:
    return re.compile(f"^{template_regex(path)}$")


def _verify_message(
    ctx: RunContext, interaction: PactInteraction, service: Any
) -> PactVerification:
    target = ctx.target
    channel = interaction.channel()
    tap = _open_tap(ctx)
    try:
        setup, _ = prepare_states(ctx, service, interaction)
        event = _await_event(tap, channel, setup, target.timeouts["event"])
    finally:
        tap.close()
    if event is None:
        waited = target.timeouts["event"]
        problem = (
            f"no {channel} event arrived within {waited:g}s after the provider state was set "
            f"up ({'; '.join(setup.steps) or 'nothing to do'})"
        )
        return PactVerification(
            interaction.subject, interaction.provider, "message", False, "", problem, setup.steps
        )
    verifier = _verifier(interaction, target.timeouts["request"])
    verifier.message_handler(lambda name, metadata: produced(event))
    verifier.state_handler(lambda state, action, parameters: None)  # already set up
    ok = _run(verifier)
    return PactVerification(
        interaction.subject,
        interaction.provider,
        "message",
        ok,
        _output(verifier),
        states=setup.steps,
        event={k: v for k, v in event.evidence().items() if k != "kind"},
    )


def _open_tap(ctx: RunContext) -> BrokerTap:
    """The broker tap, bound before the state's calls make the candidate publish.

    A broker the suite cannot tap is SetupFailed (an error: no event can be judged), tried once
    per run: every later message pact fails at once with the same cause instead of waiting for
    the connection timeout again."""
    failed: list[SetupFailed] = ctx.memo("pacts.tap_failed", list)
    if failed:
        raise failed[0]
    target = ctx.target
    broker = target.broker
    assert broker is not None, "verify() declares a target without a broker before any tap"
    try:
        return BrokerTap(broker, target.timeouts["connect"]).open()
    except BrokerUnreachable as exc:
        where = broker.url.split("@")[-1]  # never show credentials
        evidence = {"kind": "broker", "broker": where, "error": str(exc)}
        failed.append(SetupFailed(f"not verified: {exc}", evidence))
        raise failed[0] from exc


def _await_event(
    tap: BrokerTap, channel: str, setup: StateSetup, timeout: float
) -> RawEvent | None:
    """The event on `channel` the setup caused: by the trace id of its last call, else about
    one of the resources it made, else (a state-change URL) the first on the channel."""
    deadline = time.monotonic() + timeout
    seen: list[RawEvent] = []
    while True:
        seen += [e for e in tap.poll() if e.routing_key == channel]
        final = time.monotonic() >= deadline
        chosen = _choose(seen, setup, final)
        if chosen is not None or final:
            return chosen
        time.sleep(POLL)


def _choose(events: list[RawEvent], setup: StateSetup, final: bool) -> RawEvent | None:
    if setup.trace_id:
        traced = [e for e in events if e.sent_trace_id() == setup.trace_id]
        if traced:
            return traced[-1]
        if not final:
            # Earlier setup steps publish on the same channel (PATCH paid, then shipped): wait
            # for the last call's own event before falling back to a weaker correlation.
            return None
    if setup.resources:
        about = [e for e in events if e.about() & set(setup.resources)]
        if about:
            return about[-1]
        return None
    return events[0] if events else None


def produced(event: RawEvent) -> dict[str, Any]:
    """The message as the Verifier's producer answers it: the raw body, its content type and
    the AMQP metadata (routing key, application headers)."""
    headers = event.properties.get("headers") or {}
    metadata = {k: v for k, v in headers.items() if isinstance(v, str | int | float | bool)}
    content_type = event.properties.get("content_type") or headers.get("content-type")
    metadata["routingKey"] = event.routing_key
    if content_type:
        metadata["contentType"] = content_type
    return {"contents": event.body, "metadata": metadata, "content_type": content_type}


def _run(verifier: Any) -> bool:
    try:
        verifier.verify()
    except RuntimeError:  # the real diff is in verifier.output()
        return False
    return True


def _output(verifier: Any) -> str:
    return BEARER.sub("Bearer …[redacted]", verifier.output(strip_ansi=True)).strip()


# --- the state-change endpoint the Verifier calls ------------------------------------------


class StateServer:
    """A local Pact state-change endpoint answering the Verifier with the provider-state values
    of states the suite already set up: POST {state, params, action} → `values[state]` as JSON.

    It never fails (an unknown state or a teardown gets `{}`): the Verifier retries a failing
    state-change call for about two minutes, and a broken setup was already reported before."""

    def __init__(self, values: dict[str, dict[str, Any]]) -> None:
        self.values = values
        self.server: ThreadingHTTPServer | None = None

    def __enter__(self) -> str:
        values = self.values

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                state = body.get("state") if isinstance(body, dict) else None
                setup = isinstance(body, dict) and body.get("action", "setup") == "setup"
                self._answer(values.get(state, {}) if setup and isinstance(state, str) else {})

            def _answer(self, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}/pact/state"

    def __exit__(self, *exc: Any) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
