"""A repeat (e.g. paid -> paid) is 409 invalid_transition; the order is unchanged."""

from conformance.checks.lifecycle import (
    expect_refused,
    observe_transition,
    refusal_examples,
    transition_subjects,
)
from conformance.registry import check


@check(
    "LIFE-004",
    family="lifecycle",
    ref="orders/openapi.yaml paths/~1orders~1{id}/patch (409 on a repeat), responses/Conflict",
    subjects=transition_subjects("repeat"),
    observe=observe_transition,
)
def repeat_refused(transition):
    """A repeat (e.g. paid -> paid) is 409 invalid_transition; the order is unchanged."""
    expect_refused(transition)


EXAMPLES = refusal_examples("paid", "paid", changed="shipped")
