"""Flow evidence: each step of a workflow run, what it sent, received and judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.observations.events import RawEvent
from conformance.observations.http import HttpExchange


@dataclass(frozen=True)
class Judgement:
    passed: bool
    criterion: str  # the condition as written (with its type and context when not simple)
    saw: str  # the values the condition read, e.g. "$statusCode = 200"


@dataclass(frozen=True)
class LogLine:
    service: str
    line: str
    read_at: float  # seconds since the workflow began


STATUSES = ("passed", "failed", "error", "skipped")


@dataclass
class StepResult:
    step: str  # "<workflowId>.<stepId>"
    kind: str  # http | receive
    status: str = "passed"
    message: str = ""
    exchange: HttpExchange | None = None
    trace_id: str = ""
    judgements: list[Judgement] = field(default_factory=list)
    event: RawEvent | None = None  # the message a receive step took
    seen: list[RawEvent] = field(default_factory=list)  # channel messages it looked at
    correlation: str = ""  # how the message was correlated, e.g. "$message.payload#/subject = 7"
    correlates: tuple[str, Any] | None = None  # (AsyncAPI correlationId location, the value)
    uncorrelated: list[Any] = field(default_factory=list)  # correlation values of other messages
    channel: str = ""  # a receive step's channel
    outputs: dict[str, Any] = field(default_factory=dict)
    waited: float = 0.0
    started: float = 0.0  # seconds since the workflow began
    logs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # x-accord-logs expected
    cause: dict[str, Any] = field(default_factory=dict)  # evidence of what stopped the step
    ran: bool = True  # False: the workflow ended before it (by an action, or a failure)

    def evidence(self) -> dict[str, Any]:
        found: dict[str, Any] = (
            self.exchange.evidence() if self.exchange else {"kind": "flow-step", **self.cause}
        )
        found |= {
            "step": self.step,
            "criteria": [
                {"criterion": j.criterion, "passed": j.passed, "saw": j.saw}
                for j in self.judgements
            ],
            "outputs": self.outputs,
        }
        if self.kind == "receive":
            found |= {
                "kind": "event" if self.event else "flow-step",
                "correlation": self.correlation,
                "waited": round(self.waited, 3),
                "message": self.event.evidence() if self.event else None,
                "seen": [e.evidence() for e in self.seen[-10:]],
            }
        return found


@dataclass
class WorkflowResult:
    workflow: str
    document: str
    steps: list[StepResult] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    duration: float = 0.0
    messages: list[RawEvent] = field(default_factory=list)  # all the tap received
    log_lines: list[LogLine] = field(default_factory=list)  # all the log sources printed
    log_errors: dict[str, str] = field(default_factory=dict)  # service -> why unreadable
    tap_error: str = ""  # why the broker could not be tapped

    @property
    def status(self) -> str:
        statuses = {s.status for s in self.steps}
        for status in ("error", "failed"):
            if status in statuses:
                return status
        return "passed" if "passed" in statuses else "skipped"

    def step(self, step_id: str) -> StepResult:
        return next(s for s in self.steps if s.step.endswith(f".{step_id}"))
