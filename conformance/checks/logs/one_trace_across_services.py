"""Across services the flow keeps one trace: Payments' records carry the Orders request's trace."""

from conformance.checks.logs import (
    EXPECTED,
    card_order,
    flow_calls,
    healthy_except,
    line,
    observe_records,
)
from conformance.registry import Example, Violation, check


@check(
    "LOG-005",
    family="logs",
    ref="W3C Trace Context §3 (propagation); asyncapi.yaml payload traceparent; "
    "specs/common/log-record.schema.yaml trace_id",
    subjects=flow_calls,
    observe=observe_records,
)
def one_trace_across_services(observed):
    """The other services' records of the call carry the trace id of the causing request."""
    others = [r for r in observed.records if r.service != observed.entry]
    if not others:
        services = sorted(set(observed.expected) - {observed.entry})
        raise Violation(f"{observed.call}: no record of {', '.join(services)} found on any trace")
    wrong = [
        f"{r.service} {r.field('event')} has {r.field('trace_id')!r}"
        for r in others
        if r.field("trace_id") != observed.trace_id
    ]
    if wrong:
        raise Violation(
            f"{observed.call}: the flow left the trace {observed.trace_id}: {'; '.join(wrong)}"
        )


EXAMPLES = [
    Example("one trace", True, card_order()),
    Example(
        "payments on a new trace",
        False,
        healthy_except("payments", "payment.successful", trace_id="2" * 32),
    ),
    Example(
        "payments not found", False, card_order([line("orders", e) for e in EXPECTED["orders"]])
    ),
]
