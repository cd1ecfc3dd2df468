"""Each triggering call leaves a record of every lifecycle event it implies, in each log."""

from conformance.checks.logs import EXPECTED, card_order, line, log_calls, observe_logs
from conformance.registry import Example, Violation, check


@check(
    "LOG-001",
    family="logs",
    ref="service.yaml logging.lifecycle_events; specs/common/log-record.schema.yaml",
    subjects=log_calls,
    observe=observe_logs,
)
def lifecycle_records(observed):
    """Every lifecycle event the call implies has a record in the service's log."""
    found = {(r.service, r.field("event")) for r in observed.records}
    missing = [
        f"{service}: {event}"
        for service, events in observed.expected.items()
        for event in events
        if (service, event) not in found
    ]
    if missing:
        raise Violation(
            f"{observed.call} (trace {observed.trace_id}): no record of {', '.join(missing)}"
        )


EXAMPLES = [
    Example("every record", True, card_order()),
    Example("nothing logged", False, card_order([])),
    Example(
        "payments silent",
        False,
        card_order([line("orders", e) for e in EXPECTED["orders"]]),
    ),
]
