"""An HTTP step marked `x-accord-race`: the same call sent several times at once.

`x-accord-race: {copies: N, others: [criteria]}` asks for exactly one copy to meet the step's
`successCriteria` (the winner, whose response the step's outputs read) and every other copy to
meet `others` (e.g. `$statusCode == 409`): one winner under concurrency, the rest refused.
"""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from conformance.flows import http_step
from conformance.flows.bindings import HttpBinding
from conformance.flows.criteria import judge
from conformance.flows.expressions import Scope
from conformance.observations import StepResult

if TYPE_CHECKING:
    from conformance.context import RunContext

FIELD = "x-accord-race"


def race(
    ctx: RunContext,
    binding: HttpBinding,
    parameters: list[dict[str, Any]],
    raw: dict[str, Any],
    scope: Scope,
    result: StepResult,
    criteria: list[dict[str, Any]],
) -> None:
    """Send the copies at once; judge one winner and the others; the winner fills `scope`."""
    spec = raw[FIELD]
    copies, others = int(spec.get("copies", 2)), list(spec.get("others") or [])
    scopes = [copy.copy(scope) for _ in range(copies)]
    results = [StepResult(result.step, "http") for _ in range(copies)]
    with ThreadPoolExecutor(copies) as pool:
        list(
            pool.map(
                lambda i: http_step.call(ctx, binding, parameters, raw, scopes[i], results[i]),
                range(copies),
            )
        )
    won = [i for i in range(copies) if all(judge(c, scopes[i]).passed for c in criteria)]
    lost = [i for i in range(copies) if i not in won]
    refused = [i for i in lost if all(judge(c, scopes[i]).passed for c in others)]
    statuses = [r.exchange.response.status if r.exchange else None for r in results]
    winner = won[0] if won else 0
    result.exchange, result.trace_id = results[winner].exchange, results[winner].trace_id
    result.judgements = [judge(c, scopes[winner]) for c in criteria]
    for name in ("status_code", "method", "url", "request", "response"):
        setattr(scope, name, getattr(scopes[winner], name))
    if len(won) != 1 or len(refused) != len(lost):
        result.status = "failed"
        result.message = (
            f"{copies} copies at once: {len(won)} met the criteria (exactly one should), "
            f"{len(lost) - len(refused)} of the others broke `others`; statuses {statuses}"
        )
