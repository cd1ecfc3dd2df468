"""A receive step: wait for a message on the bound channel that correlates and meets the criteria.

Correlation follows the specification: the step's `correlationId` (a value, usually an expression
such as `$steps.placeOrder.outputs.orderId`) must equal what the channel's AsyncAPI message names
at its `correlationId.location` (e.g. `$message.payload#/subject`). With `x-accord-absent: true`
the step passes only if no such message arrives within the timeout (e.g. "never
payment.successful" for a declined payment).
"""

from __future__ import annotations

import copy
import time
from typing import Any

from conformance.flows.bindings import ChannelBinding
from conformance.flows.criteria import compare, judge
from conformance.flows.expressions import Scope, Unresolved, evaluate, resolve
from conformance.flows.inbox import Inbox
from conformance.observations import RawEvent, StepResult

POLL = 0.05


def receive(
    inbox: Inbox,
    binding: ChannelBinding,
    raw: dict[str, Any],
    timeout: float,
    scope: Scope,
    result: StepResult,
    absent: bool = False,
) -> None:
    """Fill `result`: the message taken (or, when absent, none seen) and how it correlated."""
    wanted = resolve(raw["correlationId"], scope) if "correlationId" in raw else None
    result.channel = binding.channel
    if wanted is not None and binding.correlation:
        result.correlates = (binding.correlation, wanted)
    if wanted is not None and not binding.correlation:
        result.status = "error"
        result.message = (
            f"{binding.service}'s AsyncAPI message on {binding.channel} defines no "
            "correlationId location to correlate with"
        )
        return
    started, checked = time.monotonic(), set()
    while True:
        inbox.poll()
        for index, message in inbox.on(binding.channel):
            if index in checked:
                continue
            checked.add(index)
            if _take(message, binding, raw, wanted, scope, result, absent):
                inbox.claim(index)
                break
        else:
            result.waited = time.monotonic() - started
            if result.waited < timeout:
                time.sleep(POLL)
                continue
            _timed_out(binding, wanted, timeout, result, absent)
            return
        result.waited = time.monotonic() - started
        return


def _take(
    message: RawEvent,
    binding: ChannelBinding,
    raw: dict[str, Any],
    wanted: Any,
    scope: Scope,
    result: StepResult,
    absent: bool,
) -> bool:
    """Whether this message is the step's: it correlates and meets every criterion."""
    seen = message_scope(scope, message)
    result.seen.append(message)  # every message of the channel it looked at, for the evidence
    if wanted is not None:
        location = str(binding.correlation)
        try:
            value = evaluate(location, seen)
        except Unresolved:
            value = None
        if value is None or not compare(value, "==", wanted):
            result.uncorrelated.append(value)
            return False
        result.correlation = f"{location} = {value!r}, the step's correlationId = {wanted!r}"
    judgements = [judge(c, seen) for c in raw.get("successCriteria") or []]
    if not all(j.passed for j in judgements):
        result.judgements = judgements  # the last correlated message's verdicts, for the report
        return False
    result.judgements, result.event = judgements, message
    if absent:
        result.status = "failed"
        result.message = (
            f"a {binding.channel} message arrived with {result.correlation or 'no correlation'}:"
            " the flow says none may"
        )
    else:
        scope.message = seen.message
    return True


def _timed_out(
    binding: ChannelBinding, wanted: Any, timeout: float, result: StepResult, absent: bool
) -> None:
    if absent:
        return  # nothing correlated arrived: what the step asks
    about = f" correlated with {wanted!r}" if wanted is not None else ""
    failing = next((j for j in result.judgements if not j.passed), None)
    result.status = "failed"
    if failing is not None:
        result.message = (
            f"no {binding.channel} message{about} met `{failing.criterion}` within "
            f"{timeout:g} s (saw {failing.saw})"
        )
    else:
        result.message = f"no {binding.channel} message{about} arrived within {timeout:g} s"
        if result.uncorrelated:
            values = ", ".join(repr(v) for v in result.uncorrelated[:5])
            result.message += (
                f"; {len(result.uncorrelated)} arrived with {binding.correlation} = {values}"
            )


def message_scope(scope: Scope, message: RawEvent) -> Scope:
    """The scope with `$message` set to this message: its headers and its JSON payload."""
    seen = copy.copy(scope)
    headers = dict(message.properties.get("headers") or {})
    headers |= {k: v for k, v in message.properties.items() if k != "headers"}
    seen.message = {"header": headers, "payload": message.envelope()}
    return seen
