"""A hostile request body (deep nesting, a huge number, a lone surrogate, NUL, not UTF-8, not
JSON, no or a wrong Content-Type) is a 4xx problem, never a 5xx."""

from conformance import openapi
from conformance.checks.robustness import expect_handled, send
from conformance.checks.robustness.corpus import BODIES
from conformance.observations import exchange
from conformance.registry import Example, Subject, check


def hostile_bodies(ctx):
    return [
        Subject(f"{op.label}:{name}", (op, name))
        for op in ctx.all_operations()
        if op.request_schema is not None
        for name in BODIES
    ]


def send_body(ctx, subject):
    operation, name = subject.value
    content, media = BODIES[name]
    headers = [("Content-Type", media)] if media else []
    path = openapi.path_for(operation)
    return send(ctx, operation, path=path, content=content, headers=headers, purpose=name)


@check(
    "ROB-001",
    family="robustness",
    ref="RFC 9110 §15.5 (4xx: the client's error); RFC 9457; docs/contracts.md errors",
    subjects=hostile_bodies,
    observe=send_body,
)
def hostile_body_refused(observed):
    """Answered with a 4xx problem (or accepted), never a 5xx."""
    expect_handled(observed)


PROBLEM = {"Content-Type": "application/problem+json"}
EXAMPLES = [
    Example("400 problem", True, exchange(400, {"type": "x:validation_error"}, PROBLEM)),
    Example("415 problem", True, exchange(415, {"type": "x:unsupported_media_type"}, PROBLEM)),
    Example("500", False, exchange(500, {"type": "x:internal"}, PROBLEM, purpose="deep")),
    Example("400 text", False, exchange(400, b"Bad Request", {"Content-Type": "text/plain"})),
]
