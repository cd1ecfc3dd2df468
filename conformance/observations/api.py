"""API evidence: what one Schemathesis run judged and found, per operation and check."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from conformance.observations.http import HttpExchange, HttpRequest, HttpResponse

PHASES = ("examples", "coverage", "fuzzing", "stateful")
RUN = ""  # the `operation` of an error that concerns the whole run
ENGINE_PHASES = ("probing", "schema_analysis", "auth_bootstrap", *PHASES)


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
        """Everything a report needs to show and repeat this failure on its own."""
        return {
            "check": self.check,
            "operation": self.operation,
            "phase": self.phase,
            "title": self.title,
            "message": self.message[:2000],
            "status": self.exchange.response.status if self.exchange else None,
            "steps": list(self.steps),
            "exchange": self.exchange.evidence() if self.exchange else None,
        }


@dataclass(frozen=True)
class FuzzError:
    """Something that kept Schemathesis from testing as asked, for one operation or the run."""

    phase: str  # a Schemathesis phase, CONFIGURATION or BEFORE (the engine never ran)
    message: str  # one line
    operation: str = RUN  # Schemathesis label; RUN = the whole run
    request: HttpRequest | None = None  # a request that got no answer
    transport_error: str = ""  # what happened to it instead

    def line(self) -> str:
        where = f"{self.phase} phase" if self.phase in ENGINE_PHASES else self.phase
        return f"{where}: {self.message}"

    def summary(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "phase": self.phase,
            "operation": self.operation or None,
            "message": self.message,
        }
        if self.request is not None:
            found["request"] = HttpExchange(self.request, HttpResponse(0)).evidence()["request"]
            found["transport_error"] = self.transport_error
        return found


@dataclass
class FuzzRun:
    """What one Schemathesis run against one service judged (responses per check) and found."""

    judged: Counter[tuple[str, str]] = field(
        default_factory=Counter
    )  # (label, check) -> responses judged
    responses: int = 0  # responses judged by at least one check
    failures: list[ApiFailure] = field(default_factory=list)
    errors: list[FuzzError] = field(default_factory=list)  # in the order they happened
    phases: dict[str, str] = field(default_factory=dict)  # phase -> status or "skipped: reason"
    stopped: FuzzError | None = None  # the transport error that ended the run early

    def failures_for(self, label: str, check: str) -> tuple[ApiFailure, ...]:
        """The distinct failures of one check on one operation (the same one may recur)."""
        found: dict[tuple[str, str], ApiFailure] = {}
        for f in self.failures:
            if f.operation == label and f.check == check:
                found.setdefault((f.title, f.message), f)
        return tuple(found.values())

    def errors_for(self, label: str) -> tuple[FuzzError, ...]:
        """What kept `label` from being tested: the run's own errors first (the stop's cause
        leads: everything after it is its consequence), then the operation's."""
        run = [e for e in self.errors if e.operation == RUN]
        run.sort(key=lambda e: e is not self.stopped)
        return tuple(run + [e for e in self.errors if e.operation == label])

    def add(self, error: FuzzError) -> None:
        if error not in self.errors:  # an error repeats per case and per phase: once is enough
            self.errors.append(error)
