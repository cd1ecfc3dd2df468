"""Pact evidence: one interaction of a consumer's pact, and the Verifier's word on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PactInteraction:
    """One interaction of one pact file, as the verifier needs it."""

    file: Path  # the local pact file (fetched into a temporary folder for a broker)
    label: str  # how reports name the file: relative to the source folder
    consumer: str
    provider: str
    description: str
    kind: str  # "http" or "message"
    states: tuple[tuple[str, dict[str, Any]], ...] = ()
    request: dict[str, Any] = field(default_factory=dict)  # http: the pact's request
    metadata: dict[str, Any] = field(default_factory=dict)  # message: the pact's metadata
    contents: Any = None  # message: the example contents

    @property
    def subject(self) -> str:
        return f"{self.label}:{self.description}"

    def channel(self) -> str:
        """The channel (routing key) a message interaction expects its event on."""
        for key in ("routingKey", "routing_key", "type"):
            value = self.metadata.get(key)
            if isinstance(value, str):
                return value
        kind = self.contents.get("type") if isinstance(self.contents, dict) else None
        if isinstance(kind, str):
            return kind
        return self.description


@dataclass(frozen=True)
class PactVerification:
    """What pact-python's Verifier said about one interaction against the candidate."""

    subject: str
    provider: str
    kind: str
    ok: bool
    output: str = ""  # verifier.output(), ANSI stripped, tokens redacted
    problem: str | None = None  # why the Verifier could not judge (no event came, ...)
    states: tuple[str, ...] = ()  # what the suite did to set up the provider states
    event: dict[str, Any] | None = None  # the captured event (message interactions)

    def mismatches(self) -> str:
        """The verifier's failure lines (after `Failures:`), else its last lines."""
        text = self.output
        if "Failures:" in text:
            text = text.split("Failures:", 1)[1]
            text = text.split("There were", 1)[0]
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        lines = [ln for ln in lines if not re.match(r"\d+\) Verifying a pact", ln)]
        return " ".join(lines[-12:])

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": "pact",
            "interaction": self.subject,
            "provider": self.provider,
            "type": self.kind,
            "verifier_output": self.output,
            "problem": self.problem,
            "states": list(self.states),
            "event": self.event,
        }
