"""A repeat of the current status is refused as the flow says (409 invalid_transition)."""

from conformance.checks.lifecycle import observe_transition, transition_held, transitions
from conformance.checks.lifecycle.transition_examples import transition_examples
from conformance.registry import check


@check(
    "LIFE-004",
    family="lifecycle",
    ref="specs/flows steps with x-accord-transition: repeat; the PATCH operation's 409 Conflict",
    subjects=transitions("repeat"),
    observe=observe_transition,
)
def repeat_refused(step):
    """A repeat of the current status is refused as the flow says (409 invalid_transition)."""
    transition_held(step)


EXAMPLES = transition_examples("lifecycle.shipAgain", "$statusCode == 409")
