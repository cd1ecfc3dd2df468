"""Each legal step (the single next status) is 200 with the new status, shown by a GET."""

from conformance.checks.lifecycle import (
    made_transition,
    observe_transition,
    status_of,
    transition_subjects,
)
from conformance.registry import Example, Violation, check


@check(
    "LIFE-001",
    family="lifecycle",
    ref="orders/openapi.yaml paths/~1orders~1{id}/patch (one step forward), OrderStatusUpdate",
    subjects=transition_subjects("legal"),
    observe=observe_transition,
)
def legal_transition_applied(transition):
    """Each legal step (the single next status) is 200 with the new status, shown by a GET."""
    got = transition.patch.response.status
    if got != 200:
        raise Violation(f"{transition.label}: expected 200, got {got}")
    if status_of(transition.patch) != transition.target:
        raise Violation(f"{transition.label}: the response says {status_of(transition.patch)!r}")
    if status_of(transition.after) != transition.target:
        found = status_of(transition.after)
        raise Violation(f"{transition.label} answered 200, but a GET then shows {found!r}")


EXAMPLES = [
    Example("moved", True, made_transition("pending", "paid", 200, "paid")),
    Example("refused", False, made_transition("pending", "paid", 409, "pending")),
    Example(
        "wrong body",
        False,
        made_transition("pending", "paid", 200, "paid", {"id": "x", "status": "pending"}),
    ),
    Example("not persisted", False, made_transition("pending", "paid", 200, "pending")),
]
