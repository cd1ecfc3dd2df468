"""A step backward (e.g. shipped -> paid) is 409 invalid_transition; the order is unchanged."""

from conformance.checks.lifecycle import (
    expect_refused,
    observe_transition,
    refusal_examples,
    transition_subjects,
)
from conformance.registry import check


@check(
    "LIFE-003",
    family="lifecycle",
    ref="orders/openapi.yaml paths/~1orders~1{id}/patch (409 on a backward), responses/Conflict",
    subjects=transition_subjects("backward"),
    observe=observe_transition,
)
def backward_refused(transition):
    """A step backward (e.g. shipped -> paid) is 409 invalid_transition; the order is unchanged."""
    expect_refused(transition)


EXAMPLES = refusal_examples("shipped", "paid")
