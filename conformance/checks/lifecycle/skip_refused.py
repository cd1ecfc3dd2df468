"""A skip (e.g. pending to shipped) is refused as the flow says (409 invalid_transition)."""

from conformance.checks.lifecycle import observe_transition, transition_held, transitions
from conformance.checks.lifecycle.transition_examples import transition_examples
from conformance.registry import check


@check(
    "LIFE-002",
    family="lifecycle",
    ref="specs/flows steps with x-accord-transition: skip; the PATCH operation's 409 Conflict",
    subjects=transitions("skip"),
    observe=observe_transition,
)
def skip_refused(step):
    """A skip (e.g. pending to shipped) is refused as the flow says (409 invalid_transition)."""
    transition_held(step)


EXAMPLES = transition_examples("lifecycle.skipToShipped", "$statusCode == 409")
