"""Each service's specs lint clean: `accord lint` reports no problem."""

from conformance.probes.specs import LintRun, lint_folder
from conformance.registry import Example, Violation, check
from conformance.subjects import services


@check(
    "SPEC-001",
    family="specs",
    ref="docs/contracts.md; accord lint (OpenAPI 3.0.3, AsyncAPI 2.6.0, service manifest schema)",
    subjects=services,
    observe=lambda ctx, subject: lint_folder(subject.value.specs),
)
def lint_clean(run):
    """Each service's specs lint clean: `accord lint` reports no problem."""
    if run.problems:
        shown = "; ".join(run.problems[:3])
        more = f" (+{len(run.problems) - 3} more)" if len(run.problems) > 3 else ""
        raise Violation(f"{len(run.problems)} lint problem(s): {shown}{more}")


EXAMPLES = [
    Example("clean", True, LintRun("specs/orders")),
    Example("one problem", False, LintRun("specs/orders", ("openapi.yaml:/paths: bad",))),
]
