"""A skip (e.g. pending -> shipped) is 409 invalid_transition; the order is unchanged."""

from conformance.checks.lifecycle import (
    expect_refused,
    observe_transition,
    refusal_examples,
    transition_subjects,
)
from conformance.registry import check


@check(
    "LIFE-002",
    family="lifecycle",
    ref="orders/openapi.yaml paths/~1orders~1{id}/patch (409 on a skip), responses/Conflict",
    subjects=transition_subjects("skip"),
    observe=observe_transition,
)
def skip_refused(transition):
    """A skip (e.g. pending -> shipped) is 409 invalid_transition; the order is unchanged."""
    expect_refused(transition)


EXAMPLES = refusal_examples("pending", "shipped")
