"""An `Idempotency-Key` as a command carries it: the client's key and its request's fingerprint.

Plain Python (no framework): the services' domain commands carry it, so the service layer never
sees the raw HTTP body. The fingerprint is taken of the body as the client sent it, before
defaults are filled in, so a replay with the same body matches and one with another body does not.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any


def canonical_hash(body: Any) -> str:
    """SHA-256 of the body as canonical JSON (sorted keys, no insignificant whitespace)."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IdempotencyKey:
    """The key a client sent with a request, and the fingerprint of that request's body."""

    key: str
    request_hash: str

    @classmethod
    def of(cls, key: str | None, body: Any) -> IdempotencyKey | None:
        """The key of a request that sent one (None for a request without)."""
        return None if key is None else cls(key, canonical_hash(body))
