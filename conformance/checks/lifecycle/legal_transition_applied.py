"""Each legal step (the single next status) is applied as the flow says."""

from conformance.checks.lifecycle import observe_transition, transition_held, transitions
from conformance.checks.lifecycle.transition_examples import transition_examples
from conformance.registry import check


@check(
    "LIFE-001",
    family="lifecycle",
    ref="specs/flows steps with x-accord-transition: legal; the PATCH operation's 409 Conflict",
    subjects=transitions("legal"),
    observe=observe_transition,
)
def legal_transition_applied(step):
    """Each legal step (the single next status) is applied as the flow says."""
    transition_held(step)


EXAMPLES = transition_examples("lifecycle.ship", "$statusCode == 200")
