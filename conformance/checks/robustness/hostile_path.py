"""A hostile path parameter (a newline after an id, NUL, dot segments, 4000 characters, a lone
surrogate escape) is a 4xx problem, never a 5xx."""

from conformance.checks.robustness import expect_handled, send
from conformance.checks.robustness.corpus import PATH_VALUES
from conformance.observations import exchange
from conformance.registry import Example, Subject, check


def hostile_paths(ctx):
    return [
        Subject(f"{op.label}:{name}", (op, name))
        for op in ctx.all_operations()
        if "{" in op.path
        for name in PATH_VALUES
    ]


def send_path(ctx, subject):
    operation, name = subject.value
    path = operation.path
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + PATH_VALUES[name] + path[end + 1 :]
    headers = [("Content-Type", "application/json")] if operation.request_schema else []
    content = b"{}" if operation.request_schema else None
    return send(ctx, operation, path=path, content=content, headers=headers, purpose=name)


@check(
    "ROB-002",
    family="robustness",
    ref="RFC 3986 §3.3; RFC 9110 §15.5; RFC 9457",
    subjects=hostile_paths,
    observe=send_path,
)
def hostile_path_refused(observed):
    """Answered with a 4xx problem, never a 5xx."""
    expect_handled(observed)


PROBLEM = {"Content-Type": "application/problem+json"}
EXAMPLES = [
    Example("404 problem", True, exchange(404, {"type": "x:not_found"}, PROBLEM)),
    Example("500", False, exchange(500, {"title": "boom"}, purpose="newline after an id")),
]
