"""A transition asked of a resource that does not exist is refused as the flow says (404
not_found), before any rule of the lifecycle applies."""

from conformance.checks.lifecycle import observe_transition, transition_held, transitions
from conformance.checks.lifecycle.transition_examples import transition_examples
from conformance.registry import check


@check(
    "LIFE-008",
    family="lifecycle",
    ref="specs/flows steps with x-accord-transition: unknown; responses/NotFound",
    subjects=transitions("unknown"),
    observe=observe_transition,
)
def unknown_id_not_found(step):
    """A transition of an unknown resource is answered as the flow says (404 not_found)."""
    transition_held(step)


EXAMPLES = transition_examples("lifecycle.moveUnknown", "$statusCode == 404")
