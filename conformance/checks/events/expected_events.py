"""Each triggering call publishes exactly the expected events: none missing, none extra."""

from collections import Counter

from conformance.checks.events import calls, card_order, envelope, observe_call, raw
from conformance.registry import Example, Violation, check


@check(
    "EVT-001",
    family="events",
    ref="asyncapi.yaml channels (publish); openapi.yaml createOrder, updateOrderStatus and "
    "createPayment descriptions",
    subjects=calls,
    observe=observe_call,
)
def expected_events(observed):
    """The call caused exactly the expected events (redeliveries of one (source, id) count once)."""
    distinct = {}
    for event in observed.events:
        key = (event.attribute("source"), event.attribute("id"))
        distinct[key if None not in key else event.body] = event.routing_key
    got, wanted = Counter(distinct.values()), Counter(observed.expected)
    missing, extra = wanted - got, got - wanted
    if missing or extra:
        parts = [f"missing {sorted(missing.elements())}"] if missing else []
        parts += [f"extra {sorted(extra.elements())}"] if extra else []
        raise Violation(
            f"{observed.call} (trace {observed.trace_id}): {', '.join(parts)} "
            f"after {observed.waited:.1f}s; expected {list(observed.expected)}"
        )


HEALTHY = ["order.created", "payment.successful", "order.updated"]
EXAMPLES = [
    Example("the three events of a card order", True, card_order()),
    Example(
        "a redelivery of the same event",
        True,
        card_order([raw(ch) for ch in ["order.created", *HEALTHY]]),
    ),
    Example("nothing arrived", False, card_order([])),
    Example("order.updated missing", False, card_order([raw(ch) for ch in HEALTHY[:2]])),
    Example(
        "a second order.created",
        False,
        card_order(
            [*(raw(ch) for ch in HEALTHY), raw("order.created", envelope("order.created", n=1))]
        ),
    ),
]
