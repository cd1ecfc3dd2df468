"""Idempotency-Key: the same key and body replay the first response; another body is refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reference.orders.adapters.repository import StoredResponse
from reference.orders.service_layer.unit_of_work import ConcurrentRequest, SqlUnitOfWork


class IdempotencyKeyReused(Exception):
    """The key was already used on this operation with a different request body."""


@dataclass(frozen=True)
class Reply:
    """A status and body to send; `replayed` when they come from an earlier request."""

    status: int
    body: Any
    replayed: bool = False


def canonical_hash(body: Any) -> str:
    """SHA-256 of the body as canonical JSON (sorted keys, no insignificant whitespace)."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_idempotent(
    uow: SqlUnitOfWork,
    operation: str,
    key: str | None,
    body: Any,
    produce: Callable[[SqlUnitOfWork], Reply],
    now: Callable[[], datetime],
) -> Reply:
    """Run `produce` in a unit of work once per (operation, key); replay it afterwards."""
    digest = canonical_hash(body)
    for _ in range(2):  # the second round replays what a concurrent twin committed
        with uow:
            if key is not None:
                stored = uow.idempotency.get(operation, key)
                if stored is not None:
                    return _replay(stored, digest)
            reply = produce(uow)
            if key is not None:
                stored = StoredResponse(digest, reply.status, reply.body)
                uow.idempotency.put(operation, key, stored, now())
            try:
                uow.commit()
            except ConcurrentRequest:
                if key is None:
                    raise
                continue
            return reply
    raise ConcurrentRequest(f"Idempotency-Key {key!r} is being used concurrently")


def _replay(stored: StoredResponse, digest: str) -> Reply:
    if stored.request_hash != digest:
        raise IdempotencyKeyReused("The Idempotency-Key was already used with a different body.")
    return Reply(stored.status, stored.body, replayed=True)
