"""Pact provider states set up through the candidate's public API, as the flows describe them.

A workflow carrying `x-accord-provider-states` ({service: [state, ...]}) in the target's flows is
the recipe for those states (see specs/flows/provider-states.arazzo.yaml): it is run with the
state's parameters as inputs, a fresh run per interaction, and its outputs are the provider-state
values the Verifier injects (`${id}`). States a flow document lists under
`x-accord-provider-states-without-setup` need nothing prepared. A setup step the candidate answers
wrongly is its failure (a `Violation` with the exchange); one it does not answer is `SetupFailed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conformance.flows import runs
from conformance.flows.document import Workflow
from conformance.flows.engine import run_workflow
from conformance.registry import Declared, SetupFailed, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

STATES_FIELD = "x-accord-provider-states"
NOTHING_FIELD = "x-accord-provider-states-without-setup"


@dataclass(frozen=True)
class StateSetup:
    values: dict[str, Any]  # provider-state values for the Verifier's generators
    steps: tuple[str, ...]  # what was done, for the evidence
    trace_id: str | None = None  # the trace id of the last triggering call
    resources: tuple[str, ...] = ()  # ids made or named (to recognise the event about them)

    def merge(self, other: StateSetup) -> StateSetup:
        return StateSetup(
            {**self.values, **other.values},
            self.steps + other.steps,
            other.trace_id or self.trace_id,
            self.resources + other.resources,
        )


def known(ctx: RunContext, service: str, state: str) -> bool:
    """Whether the flows say how to reach this state (or that it needs nothing)."""
    return (service, state) in _recipes(ctx) or (service, state) in _without_setup(ctx)


def setup_state(ctx: RunContext, service: str, state: str, params: dict[str, Any]) -> StateSetup:
    """Reach one state by running its workflow (KeyError for a state the flows do not know)."""
    if (service, state) in _without_setup(ctx):
        return StateSetup({}, ("nothing to prepare",))
    workflow = _recipes(ctx)[(service, state)]
    result = run_workflow(ctx, workflow, params)
    stopper = next((s for s in result.steps if s.ran and s.status != "passed"), None)
    if stopper is not None:
        cause = {"skipped": Declared, "error": SetupFailed}.get(stopper.status)
        message = f"setup step {stopper.step}: {stopper.message}"
        if cause is Declared:
            raise Declared(message)
        raise (cause or Violation)(message, stopper.evidence())
    done = tuple(
        f"{s.step} -> {s.exchange.response.status if s.exchange else s.status}"
        for s in result.steps
        if s.ran
    )
    calls = [s for s in result.steps if s.kind == "http" and s.trace_id]
    named = tuple(
        str(v) for v in [*result.outputs.values(), *params.values()] if isinstance(v, str)
    )
    return StateSetup(result.outputs, done, calls[-1].trace_id if calls else None, named)


def _recipes(ctx: RunContext) -> dict[tuple[str, str], Workflow]:
    found = {}
    for document in runs.documents(ctx):
        for workflow in document.workflows.values():
            for service, states in (workflow.raw.get(STATES_FIELD) or {}).items():
                found.update({(service, state): workflow for state in states})
    return found


def _without_setup(ctx: RunContext) -> set[tuple[str, str]]:
    return {
        (service, state)
        for document in runs.documents(ctx)
        for service, states in (document.raw.get(NOTHING_FIELD) or {}).items()
        for state in states
    }
