"""The candidate's specs lint clean as a set: `accord lint` reports no problem."""

from conformance.observations import LintRun
from conformance.probes.specs import lint_services
from conformance.registry import Example, Violation, check


@check(
    "SPEC-001",
    family="specs",
    ref="docs/contracts.md; accord lint (OpenAPI 3.0.3, AsyncAPI 2.6.0, service manifest schema)",
    observe=lambda ctx, subject: lint_services(
        {name: service.specs for name, service in ctx.target.services.items()}
    ),
)
def lint_clean(run):
    """The candidate's specs lint clean as a set: `accord lint` reports no problem."""
    if run.problems:
        shown = "; ".join(run.problems[:3])
        more = (
            f" (+{len(run.problems) - 3} more, all in the evidence)"
            if len(run.problems) > 3
            else ""
        )
        raise Violation(f"{len(run.problems)} lint problem(s): {shown}{more}")


EXAMPLES = [
    Example("clean", True, LintRun("specs")),
    Example("one problem", False, LintRun("specs", ("orders/openapi.yaml:/paths: bad",))),
]
