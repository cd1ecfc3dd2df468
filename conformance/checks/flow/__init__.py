"""flow: the seed flow end to end: a card order gets paid, a declined one stays pending."""

from __future__ import annotations

import json
from typing import Any

from conformance.probes.events import RawEvent
from conformance.probes.flow import FlowRun, run_flow
from conformance.registry import Declared, SetupFailed, Subject

REQUIRES = ("tokens",)
ORDER = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"


def outcome(method: str):
    """Subjects: the one order of the flow placed with this payment method."""

    def subjects(ctx: Any) -> list[Subject]:
        if "orders" not in ctx.target.services:
            raise Declared("the target names no orders service")
        return [Subject(method, method)]

    return subjects


def observe_order(ctx: Any, subject: Subject) -> FlowRun:
    return run_flow(ctx)[subject.value]


def observe_order_events(ctx: Any, subject: Subject) -> FlowRun:
    """The order's run with its events: not judged when the target names no broker, an error
    when the broker it names could not be tapped."""
    run = observe_order(ctx, subject)
    if ctx.target.broker is None:
        raise Declared("the target names no broker: the flow's events cannot be observed")
    if run.events is None:
        raise SetupFailed(run.tap_error or "the broker was not tapped", run.evidence())
    return run


def event(channel: str, **data: Any) -> RawEvent:
    body = {"type": channel, "subject": ORDER, "data": {"id": ORDER, **data}}
    return RawEvent(channel, json.dumps(body).encode())


def run(method: str, *statuses: str, events: list[RawEvent] | None = None) -> FlowRun:
    """A watched order: GET answered `statuses` at 0.1 s intervals."""
    seen = tuple((round(0.1 * i, 1), s) for i, s in enumerate(statuses))
    watched = seen[-1][0] if seen else 0.0
    return FlowRun(method, ORDER, seen, watched, 3.0, None if events is None else tuple(events))
