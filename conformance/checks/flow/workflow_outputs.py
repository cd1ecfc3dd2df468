"""A workflow produces every output it declares (its `outputs`, read from the steps' results)."""

from typing import Any

from conformance.checks.flow import observe_workflow, workflows_with_outputs
from conformance.observations import WorkflowResult
from conformance.registry import Example, Violation, check


@check(
    "FLOW-004",
    family="flow",
    ref="Arazzo 1.1 Workflow Object outputs",
    subjects=workflows_with_outputs,
    observe=observe_workflow,
)
def workflow_outputs(observed: tuple[Any, WorkflowResult]) -> None:
    """Every declared output resolved from what the run saw."""
    workflow, result = observed
    declared = set(workflow.raw.get("outputs") or {})
    missing = sorted(declared - set(result.outputs))
    if missing:
        stopper = next((s for s in result.steps if s.status != "passed"), None)
        why = f"; {stopper.step} {stopper.status}: {stopper.message}" if stopper else ""
        raise Violation(f"{workflow.id} produced no {', '.join(missing)}{why}")


class _Declared:
    raw = {"outputs": {"orderId": "$steps.placeOrder.outputs.orderId"}}
    id = "cardOrderIsPaid"


EXAMPLES = [
    Example(
        "every output",
        True,
        (_Declared(), WorkflowResult("cardOrderIsPaid", "seed", outputs={"orderId": "o-1"})),
    ),
    Example("none", False, (_Declared(), WorkflowResult("cardOrderIsPaid", "seed"))),
]
