"""Runs Schemathesis against one service; keeps per (operation, check) what it judged and found.

Schemathesis objects never leave this module: a run becomes plain records (`FuzzRun`, `ApiFailure`
with the failing request and response as an `HttpExchange`). The configuration is built here in
full and passed explicitly, so no `schemathesis.toml` found in the working directory applies, and
the Hypothesis example database is off (no `.hypothesis/` folder, runs reproducible with a seed).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance import openapi
from conformance.observations import HttpExchange, HttpRequest, HttpResponse, Operation

PHASES = ("examples", "coverage", "fuzzing", "stateful")
# object_level_authorization needs several identities (the suite sends one); max_response_time
# needs a limit the contracts do not set. Every other built-in check runs.
NOT_RUN = ("object_level_authorization",)
# A valid request may meet 422 where the contracts say so: a reused `Idempotency-Key` (Schemathesis
# repeats the spec's example key with other bodies). Added to Schemathesis's default statuses.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]


@dataclass(frozen=True)
class FuzzSettings:
    base_url: str
    token: str
    token_hint: str
    max_examples: int = 50
    seed: int | None = None
    request_timeout: float = 10


@dataclass(frozen=True)
class ApiFailure:
    """One failure Schemathesis reported: its title, message and the exchange that showed it."""

    check: str
    operation: str  # Schemathesis label, e.g. "POST /orders"
    title: str
    message: str
    exchange: HttpExchange | None = None
    steps: tuple[str, ...] = ()  # the requests reproducing it, oldest first ("POST /orders")
    phase: str = ""

    def summary(self) -> dict[str, Any]:
        status = self.exchange.response.status if self.exchange else None
        return {
            "check": self.check,
            "operation": self.operation,
            "phase": self.phase,
            "title": self.title,
            "message": self.message[:2000],
            "status": status,
            "steps": list(self.steps),
        }


@dataclass
class FuzzRun:
    """What one Schemathesis run against one service judged (responses per check) and found."""

    judged: Counter = field(default_factory=Counter)  # (label, check) -> responses judged
    failures: list[ApiFailure] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)  # label ("" = run) -> messages
    phases: dict[str, str] = field(default_factory=dict)  # phase -> status or skip reason

    def failures_for(self, label: str, check: str) -> tuple[ApiFailure, ...]:
        """The distinct failures of one check on one operation (the same one may recur)."""
        found: dict[tuple[str, str], ApiFailure] = {}
        for f in self.failures:
            if f.operation == label and f.check == check:
                found.setdefault((f.title, f.message), f)
        return tuple(found.values())


def schemathesis_label(operation: Operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def run(
    specs_folder: Path, settings: FuzzSettings, progress: Callable[[str], None] = lambda text: None
) -> FuzzRun:
    """Run every phase with every built-in check; connection problems end up in `errors`."""
    from schemathesis.engine import events, from_schema

    schema = _load(specs_folder / "openapi.yaml", settings)
    result = FuzzRun()
    logging.getLogger("schemathesis").setLevel(logging.ERROR)
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
            _record(result, event.recorder, event.phase.value, settings)
            cases = sum(result.judged.values())
            progress(
                f"api: Schemathesis on {settings.base_url}, {event.phase.value} phase, "
                f"{cases} responses judged"
            )
        elif isinstance(event, events.PhaseFinished):
            skip = event.phase.skip_reason
            result.phases[event.phase.name.value] = skip.value if skip else event.status.value
        elif isinstance(event, events.NonFatalError):
            label = event.label if event.related_to_operation else ""
            result.errors.setdefault(label, []).append(_one_line(str(event.value)))
        elif isinstance(event, events.FatalError):
            result.errors.setdefault("", []).append(_one_line(str(event.exception)))
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures:  # checks judging the run as a whole
                check = next(iter(type(failure).checks), "")
                label = failure.operation or ""
                result.failures.append(_failure(check, label, failure, None, (), "after run"))
    return result


def _load(path: Path, settings: FuzzSettings):
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    config: dict[str, Any] = {
        "base-url": settings.base_url,
        "auth": {"openapi": {name: {"bearer": settings.token} for name in _bearer_schemes(path)}},
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


def _record(result: FuzzRun, recorder: Any, phase: str, settings: FuzzSettings) -> None:
    for case_id, nodes in recorder.checks.items():
        case = recorder.cases.get(case_id)
        label = case.value.operation.label if case else recorder.label
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


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
