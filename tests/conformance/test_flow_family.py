"""The `flow` family judges the steps of the flows in specs/flows against the orders + payments
fake: each seeded defect fails the check of the step kind guarding it (HTTP criteria, a receive
step's message, an absent step's silence, the workflow's outputs); without a broker the receive
steps and those after them are not judged, never passed."""

from __future__ import annotations

from tests.conformance.test_events_family import fake_event_shop
from tests.flows.test_engine import fast_flow


def run_flow_family(tmp_path, key_file, defects=(), broker="filesystem://"):
    flows = [str(fast_flow(tmp_path))]
    return fake_event_shop.run_accord(
        tmp_path, key_file, list(defects), broker, "flow", flows=flows
    )


def failures(report):
    return {
        (c["id"], c["subject"].split(":", 1)[1]): c["message"]
        for c in report["checks"]
        if c["status"] == "failed"
    }


def test_a_card_order_never_paid_fails_at_its_payment_event(tmp_path, key_file):
    code, report = run_flow_family(tmp_path, key_file, ["never_pays"])
    assert code == 1
    found = failures(report)
    assert found[("FLOW-002", "cardOrderIsPaid.paymentSuccessful")].startswith(
        "no payment.successful message correlated with"
    )
    assert found[("FLOW-001", "cardOrderIsPaid.orderShowsPaid")].startswith(
        "not reached: step cardOrderIsPaid.paymentSuccessful failed"
    )
    assert found[("FLOW-004", "cardOrderIsPaid")].startswith(
        "cardOrderIsPaid produced no paymentId"
    )
    assert {k[1].split(".")[0] for k in found} == {"cardOrderIsPaid"}  # the declined one passes


def test_a_declined_order_paid_anyway_fails_its_absent_step(tmp_path, key_file):
    code, report = run_flow_family(tmp_path, key_file, ["declined_gets_paid"])
    assert code == 1
    found = failures(report)
    message = found[("FLOW-003", "declinedOrderStaysPending.noOrderUpdated")]
    assert message.startswith("a order.updated message arrived with $message.payload#/subject = ")
    assert message.endswith(": the flow says none may")


def test_without_a_broker_receive_steps_are_not_judged(tmp_path, key_file):
    code, report = run_flow_family(tmp_path, key_file, broker=None)
    assert code == 0
    statuses = {(c["id"], c["subject"].split(":", 1)[1]): c["status"] for c in report["checks"]}
    assert statuses[("FLOW-001", "cardOrderIsPaid.placeOrder")] == "passed"
    assert statuses[("FLOW-002", "cardOrderIsPaid.orderCreated")] == "skipped"
    assert statuses[("FLOW-001", "cardOrderIsPaid.orderShowsPaid")] == "skipped"
    assert "not judged: flow" in report["verdict"]["line"]
