"""The workflow engine runs the seed flow (specs/flows/seed.arazzo.yaml) against a small
orders + payments fake that publishes real CloudEvents on a filesystem broker: healthy, every step
passes; each seeded defect fails the step that guards it, naming the criterion and what it saw;
without a broker the flow is judged up to its first receive step (the rest: not judged)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.bundled import specs_dir
from conformance.context import RunContext
from conformance.flows.document import load
from conformance.flows.engine import run_workflow
from conformance.target import load_target
from tests.conformance.test_events_family import fake_event_shop

SEED = specs_dir() / "flows" / "seed.arazzo.yaml"


def fast_flow(tmp_path: Path) -> Path:
    """The seed flow with receive timeouts cut for tests (the fake settles within 50 ms)."""
    document = yaml.safe_load(SEED.read_text())
    for source in document["sourceDescriptions"]:
        source["url"] = str((SEED.parent / source["url"]).resolve())
    for workflow in document["workflows"]:
        for step in workflow["steps"]:
            if "timeout" in step:
                step["timeout"] = 400 if step.get("x-accord-absent") else 2000
    path = tmp_path / "seed.arazzo.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def run_seed(tmp_path, key_file, defects=(), broker="filesystem://"):
    with fake_event_shop.serving(tmp_path / "shop", set(defects), broker) as sections:
        document = {
            **sections,
            "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "fake"}},
            "timeouts": fake_event_shop.TIMEOUTS,
        }
        target = tmp_path / "target.yaml"
        target.write_text(yaml.safe_dump(document))
        ctx = RunContext(load_target(target))
        flows = load(fast_flow(tmp_path))
        results = {wid: run_workflow(ctx, wf) for wid, wf in flows.workflows.items()}
        ctx.close()
    return results


def statuses(result):
    return {s.step.split(".")[1]: s.status for s in result.steps}


def test_the_seed_flow_passes_on_a_healthy_shop(tmp_path, key_file):
    results = run_seed(tmp_path, key_file)
    assert {w: r.status for w, r in results.items()} == {
        "cardOrderIsPaid": "passed",
        "declinedOrderStaysPending": "passed",
    }, {w: [(s.step, s.message) for s in r.steps] for w, r in results.items()}
    card = results["cardOrderIsPaid"]
    assert card.outputs["orderId"] and card.outputs["paymentId"]
    received = card.step("orderPaid")
    assert received.event is not None and "data/status = 'paid'" in received.judgements[0].saw
    assert received.correlation.startswith("$message.payload#/subject = ")


@pytest.mark.parametrize(
    ("defect", "workflow", "step", "message"),
    [
        (
            "created_200",
            "cardOrderIsPaid",
            "placeOrder",
            "`$statusCode == 201` failed (saw $statusCode = 200)",
        ),
        (
            "never_pays",
            "cardOrderIsPaid",
            "paymentSuccessful",
            "no payment.successful message correlated",
        ),
        (
            "declined_gets_paid",
            "declinedOrderStaysPending",
            "noOrderUpdated",
            "the flow says none may",
        ),
    ],
)
def test_a_seeded_defect_fails_the_step_that_guards_it(
    tmp_path, key_file, defect, workflow, step, message
):
    result = run_seed(tmp_path, key_file, [defect])[workflow]
    failed = next(s for s in result.steps if s.status != "passed")
    assert failed.step == f"{workflow}.{step}" and failed.status == "failed"
    assert message in failed.message
    after = result.steps[result.steps.index(failed) + 1 :]
    assert all(s.status == "failed" and "not reached" in s.message for s in after)


def test_without_a_broker_the_flow_is_judged_up_to_its_first_receive_step(tmp_path, key_file):
    result = run_seed(tmp_path, key_file, broker=None)["declinedOrderStaysPending"]
    assert statuses(result) == {
        "placeOrder": "passed",
        "orderCreated": "skipped",
        "paymentFailed": "skipped",
        "noPaymentSuccessful": "skipped",
        "noOrderUpdated": "skipped",
        "orderStaysPending": "skipped",
    }
    assert result.step("orderCreated").message.startswith("the target names no broker")
    assert result.step("orderStaysPending").message.startswith(
        "not reached: step declinedOrderStaysPending.orderCreated not judged"
    )


def test_an_unsupported_feature_is_an_error_naming_it_never_ignored(tmp_path, key_file):
    flow = fast_flow(tmp_path)
    document = yaml.safe_load(flow.read_text())
    steps = document["workflows"][1]["steps"]
    steps[1]["action"] = "send"  # orderCreated becomes a send step
    flow.write_text(yaml.safe_dump(document))
    with fake_event_shop.serving(tmp_path / "shop", set(), "filesystem://") as sections:
        target = tmp_path / "target.yaml"
        target.write_text(
            yaml.safe_dump(
                {
                    **sections,
                    "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "fake"}},
                    "timeouts": fake_event_shop.TIMEOUTS,
                }
            )
        )
        ctx = RunContext(load_target(target))
        result = run_workflow(ctx, load(flow).workflows["declinedOrderStaysPending"])
    sent = result.step("orderCreated")
    assert (sent.status, sent.message) == (
        "error",
        "not supported: declinedOrderStaysPending.orderCreated: send steps are not supported by "
        "the engine yet",
    )
    assert all(s.status == "error" for s in result.steps[2:])  # an error ends the workflow
