"""A step back (e.g. delivered to paid) is refused as the flow says (409 invalid_transition)."""

from conformance.checks.lifecycle import observe_transition, transition_held, transitions
from conformance.checks.lifecycle.transition_examples import transition_examples
from conformance.registry import check


@check(
    "LIFE-003",
    family="lifecycle",
    ref="specs/flows steps with x-accord-transition: backward; the PATCH operation's 409 Conflict",
    subjects=transitions("backward"),
    observe=observe_transition,
)
def backward_refused(step):
    """A step back (e.g. delivered to paid) is refused as the flow says (409 invalid_transition)."""
    transition_held(step)


EXAMPLES = transition_examples("lifecycle.backToPaid", "$statusCode == 409")
