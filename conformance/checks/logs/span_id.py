"""Every lifecycle record names its span: a W3C span id (16 lowercase hex, not all zeros)."""

import re

from conformance.checks.logs import card_order, healthy_except, log_calls, observe_records
from conformance.registry import Example, Violation, check

SPAN_ID = re.compile(r"^[0-9a-f]{16}$")


@check(
    "LOG-004",
    family="logs",
    ref="specs/common/log-record.schema.yaml span_id; W3C Trace Context §3.2.2.4 (parent-id)",
    subjects=log_calls,
    observe=observe_records,
)
def span_id(observed):
    """Every record has a `span_id` of 16 lowercase hex digits, not all zeros."""
    wrong = []
    for record in observed.records:
        value = record.field("span_id")
        if not isinstance(value, str) or not SPAN_ID.match(value) or value == "0" * 16:
            wrong.append(f"{record.service} {record.field('event')}: span_id {value!r}")
    if wrong:
        raise Violation(f"{observed.call}: " + "; ".join(wrong))


EXAMPLES = [
    Example("span ids", True, card_order()),
    Example("absent", False, healthy_except("payments", "payment.successful", span_id=None)),
    Example("all zeros", False, healthy_except("orders", "order.created", span_id="0" * 16)),
    Example(
        "uppercase", False, healthy_except("orders", "order.created", span_id="00F067AA0BA902B7")
    ),
]
