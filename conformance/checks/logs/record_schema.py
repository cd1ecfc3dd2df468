"""Every lifecycle record is valid against the log-record schema its service.yaml references."""

import jsonschema

from conformance.checks.logs import card_order, healthy_except, log_calls, observe_records
from conformance.observations import LogRecord
from conformance.registry import Example, Violation, check


@check(
    "LOG-002",
    family="logs",
    ref="service.yaml logging.schema (specs/common/log-record.schema.yaml)",
    subjects=log_calls,
    observe=observe_records,
)
def record_schema(observed):
    """Each of the call's records is a JSON object valid against the log-record schema."""
    problems = []
    for record in observed.records:
        schema = observed.schemas.get(record.service)
        if schema is None:
            continue
        validator_class = jsonschema.validators.validator_for(
            schema, jsonschema.Draft202012Validator
        )
        validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
        error = jsonschema.exceptions.best_match(validator.iter_errors(record.record))
        if error is not None:
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            problems.append(
                f"{record.service} {record.field('event')}: at {where}: {error.message[:160]}"
            )
    if problems:
        raise Violation(f"{observed.call}: " + "; ".join(problems))


EXAMPLES = [
    Example("valid records", True, card_order()),
    Example("no span_id", False, healthy_except("orders", "order.created", span_id=None)),
    Example("lowercase level", False, healthy_except("payments", "payment.created", level="info")),
    Example("not JSON", False, card_order([LogRecord("orders", "order created", "window")])),
]
