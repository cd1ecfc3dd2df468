"""The called service's records carry the trace id of the request the suite sent."""

from conformance.checks.logs import card_order, healthy_except, log_calls, observe_records
from conformance.registry import Example, Violation, check


@check(
    "LOG-003",
    family="logs",
    ref="specs/common/log-record.schema.yaml trace_id; W3C Trace Context §3.2 (traceparent)",
    subjects=log_calls,
    observe=observe_records,
)
def entry_trace_id(observed):
    """Every record of the called service has `trace_id` = the trace id of the request."""
    records = observed.of(observed.entry)
    if not records:
        raise Violation(f"{observed.call}: no record of {observed.entry} itself to judge")
    wrong = [
        f"{r.field('event')} has {r.field('trace_id')!r}"
        for r in records
        if r.field("trace_id") != observed.trace_id
    ]
    if wrong:
        raise Violation(
            f"{observed.call}: {observed.entry} records off the request's trace "
            f"{observed.trace_id}: {'; '.join(wrong)}"
        )


EXAMPLES = [
    Example("the request's trace", True, card_order()),
    Example("a new trace", False, healthy_except("orders", "order.created", trace_id="1" * 32)),
    Example("no trace_id", False, healthy_except("orders", "order.status_changed", trace_id=None)),
]
