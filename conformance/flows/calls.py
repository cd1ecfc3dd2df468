"""The calls of the flows as the `events` and `logs` families judge them.

A *call* is an HTTP step of a workflow. What the flow says it causes:
- the events: the channels of the receive steps that follow it, up to the next HTTP step (absent
  steps excepted), kept to the channels the target's services publish;
- the log records: its `x-accord-logs`, kept to the lifecycle events each service's manifest lists.
A message or log record belongs to the call whose trace id it carries; else a message belongs to
the call whose receive step claimed it, and a log record to the call whose outputs name its
`resource_id`, else to the call during which it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conformance.flows import runs
from conformance.flows.bindings import BindingError, bind
from conformance.flows.document import Step, Workflow
from conformance.observations import (
    CallEvents,
    CallLogs,
    LogRecord,
    RawEvent,
    StepResult,
    WorkflowResult,
    parse,
)
from conformance.probes.contracts import contracts
from conformance.registry import Declared, SetupFailed, Subject, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext


@dataclass(frozen=True)
class Call:
    name: str  # "<document>:<workflowId>.<stepId>"
    workflow: Workflow
    step: Step
    channels: tuple[str, ...]  # what the flow's receive steps expect after it
    receivers: tuple[str, ...]  # those receive steps' ids


def calls(ctx: RunContext) -> list[Call]:
    """Every HTTP step of the run's workflows, with the receive steps that follow it."""
    found = []
    for workflow in runs.workflows(ctx):
        steps = list(workflow.steps)
        for i, step in enumerate(steps):
            if step.action is not None or "workflowId" in step.raw:
                continue
            following = []
            for later in steps[i + 1 :]:
                if later.action is None:
                    break
                if later.action == "receive" and not later.absent:
                    following.append(later)
            channels = tuple(_channel(s) for s in following)
            name = f"{workflow.document.name}:{step.label}"
            found.append(Call(name, workflow, step, channels, tuple(s.id for s in following)))
    return found


def _channel(step: Step) -> str:
    path = str(step.raw.get("channelPath", ""))
    return path.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~") if path else ""


def event_calls(ctx: RunContext) -> list[Subject]:
    """Calls the flows expect events of."""
    return [Subject(c.name, c) for c in calls(ctx) if c.channels]


def log_calls(ctx: RunContext) -> list[Subject]:
    """Calls the flows expect log records of."""
    return [Subject(c.name, c) for c in calls(ctx) if c.step.logs]


def service_of(ctx: RunContext, call: Call) -> str:
    """The service the call is sent to (its source's binding)."""
    specs = {name: s.specs for name, s in ctx.target.services.items()}
    try:
        binding = bind(call.step, call.workflow.document, specs)
    except (Declared, BindingError):
        return ""
    return binding.service


def _ran(ctx: RunContext, call: Call) -> tuple[WorkflowResult, StepResult]:
    """The call as the workflow ran it; its failure stops the checks judging it, as it is."""
    result = runs.result(ctx, call.workflow)
    step = result.step(call.step.id)
    if step.status == "skipped":
        raise Declared(step.message)
    if step.status == "error":
        raise SetupFailed(step.message, step.evidence())
    if step.status == "failed":
        raise Violation(f"the flow's call failed: {step.message}", step.evidence())
    return result, step


def call_events(ctx: RunContext, call: Call) -> CallEvents:
    result, step = _ran(ctx, call)
    if result.tap_error:
        raise SetupFailed(result.tap_error)
    published = {
        ch: schema
        for name, service in ctx.target.services.items()
        for ch, schema in contracts(name, service.specs).published.items()
    }
    expected = tuple(ch for ch in call.channels if ch in published)
    claimed = {
        id(s.event)
        for s in result.steps
        if s.event is not None and s.step.split(".", 1)[1] in call.receivers
    }
    mine = [m for m in result.messages if _owner(m, step, result, claimed)]
    trigger = step.exchange.evidence() if step.exchange else {}
    correlations = {
        s.channel: s.correlates
        for s in result.steps
        if s.correlates and s.step.split(".", 1)[1] in call.receivers
    }
    return CallEvents(
        call.name,
        step.trace_id,
        expected,
        tuple(mine),
        {},
        published,
        trigger,
        correlations=correlations,
    )


def _owner(message: RawEvent, step: StepResult, result: WorkflowResult, claimed: set[int]) -> bool:
    trace = message.sent_trace_id()
    if trace is not None and any(s.trace_id == trace for s in result.steps):
        return trace == step.trace_id
    return id(message) in claimed


def call_logs(ctx: RunContext, call: Call) -> CallLogs:
    result, step = _ran(ctx, call)
    for service in step.logs:
        if service in result.log_errors:
            raise SetupFailed(f"{service}'s log source failed: {result.log_errors[service]}")
    expected = {}
    for service, events in step.logs.items():
        specs = ctx.target.services.get(service)
        if specs is not None and specs.logs is not None:
            listed = contracts(service, specs.specs).lifecycle_events
            kept = tuple(e for e in events if e in listed)
            if kept:
                expected[service] = kept
    schemas = {
        name: c.log_schema
        for name, service in ctx.target.services.items()
        if (c := contracts(name, service.specs)).log_schema
    }
    records = _records(result, step, expected)
    trigger = step.exchange.evidence() if step.exchange else {}
    entry = _service_of(step) or call.step.label
    return CallLogs(call.name, entry, step.trace_id, expected, records, schemas, trigger)


def _service_of(step: StepResult) -> str | None:
    operation = step.exchange.operation if step.exchange else None
    return operation.service if operation else None


def _records(
    result: WorkflowResult, step: StepResult, expected: dict[str, tuple[str, ...]]
) -> tuple[LogRecord, ...]:
    """The call's records: by trace id, else by a resource its outputs name (read since the
    call began), else by the call's window (read before the next HTTP step began)."""
    https = [s for s in result.steps if s.kind == "http"]
    later = [s.started for s in https if s.started > step.started]
    window_end = min(later) if later else float("inf")
    resources = {str(v) for v in step.outputs.values() if isinstance(v, str | int)}
    chosen = []
    for service, events in expected.items():
        for event in events:
            lines = [
                (entry, parse(entry.line))
                for entry in result.log_lines
                if entry.service == service and _event(entry.line) == event
            ]
            groups = {
                "trace": [e for e, r in lines if r.get("trace_id") == step.trace_id],
                "resource": [
                    e
                    for e, r in lines
                    if e.read_at >= step.started and str(r.get("resource_id")) in resources
                ],
                "window": [e for e, _ in lines if step.started <= e.read_at < window_end],
            }
            how, found = next(((k, v) for k, v in groups.items() if v), ("", []))
            chosen += [LogRecord(service, e.line, how) for e in found]
    return tuple(chosen)


def _event(line: str) -> Any:
    record = parse(line)
    return record.get("event") if isinstance(record, dict) else None
