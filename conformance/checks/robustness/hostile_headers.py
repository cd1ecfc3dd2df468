"""Hostile headers (two Authorization headers, a 64 KB header, 500 headers) are a 4xx problem
(or ignored), never a 5xx."""

from conformance import openapi
from conformance.checks.robustness import expect_handled, send
from conformance.checks.robustness.corpus import HEADERS
from conformance.observations import Operation, exchange
from conformance.registry import Example, Subject, check


def first_secured_reads(ctx):
    """One secured read per service (the headers, not the operation, are what is judged)."""
    chosen: dict[str, Operation] = {}
    for op in ctx.all_operations():
        if op.secured and not op.writes:
            chosen.setdefault(op.service, op)
    return [Subject(f"{op.label}:{name}", (op, name)) for op in chosen.values() for name in HEADERS]


def send_headers(ctx, subject):
    operation, name = subject.value
    path = openapi.path_for(operation)
    return send(ctx, operation, path=path, content=None, headers=HEADERS[name], purpose=name)


@check(
    "ROB-003",
    family="robustness",
    ref="RFC 6750 §2 (one credential); RFC 6585 §5 (431); RFC 9457",
    subjects=first_secured_reads,
    observe=send_headers,
)
def hostile_headers_refused(observed):
    """Answered with a 4xx problem (or served), never a 5xx."""
    expect_handled(observed)


PROBLEM = {"Content-Type": "application/problem+json"}
EXAMPLES = [
    Example("431 problem", True, exchange(431, {"type": "x:header_too_large"}, PROBLEM)),
    Example("400 problem", True, exchange(400, {"type": "x:validation_error"}, PROBLEM)),
    Example("500", False, exchange(500, {}, purpose="500 headers")),
    Example(
        "431 text", False, exchange(431, b"too large", {"Content-Type": "text/plain"}, purpose="x")
    ),
]
