"""pacts: every consumer pact in the target's pact source is honoured by the candidate.

One result per interaction, subject `<pact file>:<interaction description>`, judged by
pact-python's own Verifier (`probes/pacts.py`): HTTP interactions replayed against the service,
message interactions against real events captured from the candidate's broker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from conformance.observations import PactVerification
from conformance.probes.pacts import interactions, verify
from conformance.registry import Subject, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

REQUIRES = ("tokens",)


def of_kind(kind: str) -> Callable[[RunContext], list[Subject]]:
    """Subjects: the interactions of this kind ("http" or "message") in every pact."""

    def subjects(ctx: RunContext) -> list[Subject]:
        return [Subject(i.subject, i) for i in interactions(ctx) if i.kind == kind]

    return subjects


def observe(ctx: RunContext, subject: Subject) -> PactVerification:
    return verify(ctx, subject.value)


def honoured(verification: PactVerification) -> None:
    """A Violation naming the interaction and the Verifier's mismatches."""
    if verification.ok and verification.problem is None:
        return
    why = verification.problem or ""
    mismatches = verification.mismatches()
    if mismatches:
        why = f"{why}; {mismatches}" if why else mismatches
    raise Violation(f"{verification.subject}: {why or 'the Verifier failed'}")


def verification(kind: str, ok: bool, output: str, problem: str | None = None) -> Any:
    """An example observation."""
    subject = (
        "orders-payments.json:a request for a card payment"
        if kind == "http"
        else "orders-payments.json:a payment.successful event"
    )
    return PactVerification(subject, "payments", kind, ok, output, problem)
