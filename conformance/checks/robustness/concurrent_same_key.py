"""Concurrent creates sharing one `Idempotency-Key` make one resource: no 5xx, every success
names the same resource, the others are 409 while the first is in flight (IETF Idempotency-Key
draft)."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conformance import openapi
from conformance.checks.robustness import send
from conformance.observations import HttpExchange, exchange
from conformance.registry import Example, Subject, Violation, check

if TYPE_CHECKING:
    from conformance.context import RunContext

KEY = "idempotency-key"
COPIES = 16


@dataclass(frozen=True)
class Race:
    """The same create sent COPIES times at once with one key."""

    exchanges: tuple[HttpExchange, ...]

    def evidence(self) -> dict[str, Any]:
        statuses = [e.response.status for e in self.exchanges]
        return {**self.exchanges[0].evidence(), "statuses": statuses, "ids": _ids(self.exchanges)}


def keyed_creates(ctx):
    found = []
    for op in ctx.all_operations():
        specs = ctx.target.services[op.service].specs
        headers = {name.lower() for name in openapi.parameters(specs, op, "header")}
        if op.request_schema is not None and KEY in headers:
            found.append(Subject(op.label, op))
    return found


def race(ctx: RunContext, subject: Subject) -> Race:
    operation = subject.value
    content = json.dumps(openapi.valid_body(operation)).encode()
    headers = [("Content-Type", "application/json"), ("Idempotency-Key", str(uuid.uuid4()))]
    path = openapi.path_for(operation)

    def one(_: int) -> HttpExchange:
        purpose = f"{COPIES} concurrent creates, one key"
        return send(ctx, operation, path=path, content=content, headers=headers, purpose=purpose)

    with ThreadPoolExecutor(COPIES) as pool:
        return Race(tuple(pool.map(one, range(COPIES))))


@check(
    "ROB-004",
    family="robustness",
    ref="IETF draft-ietf-httpapi-idempotency-key-header (one resource; 409 while in flight)",
    subjects=keyed_creates,
    observe=race,
)
def one_resource_per_key(observed: Race) -> None:
    """No 5xx, only successes and 409s, and every success names the same resource."""
    statuses = [e.response.status for e in observed.exchanges]
    odd = sorted({s for s in statuses if not (200 <= s < 300 or s == 409)})
    if odd:
        raise Violation(f"{len(statuses)} concurrent creates with one key answered {odd}")
    ids = set(_ids(observed.exchanges))
    if not ids:
        raise Violation("no create with the key succeeded")
    if len(ids) > 1:
        raise Violation(f"one key made {len(ids)} resources: {sorted(ids)}")


def _ids(exchanges: tuple[HttpExchange, ...]) -> list[str]:
    found = []
    for e in exchanges:
        body = e.response.json()
        if 200 <= e.response.status < 300 and isinstance(body, dict) and "id" in body:
            found.append(str(body["id"]))
    return found


def _race(*answers: tuple[int, str | None]) -> Race:
    made = [exchange(s, {"id": i} if i else {"type": "x:conflict"}) for s, i in answers]
    return Race(tuple(made))


EXAMPLES = [
    Example("one resource", True, _race((201, "a"), (201, "a"), (409, None))),
    Example("two resources", False, _race((201, "a"), (201, "b"))),
    Example("a 500", False, _race((201, "a"), (500, None))),
    Example("none made", False, _race((409, None), (409, None))),
]
