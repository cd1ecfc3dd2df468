"""LINT-008: the flows in specs/flows are valid Arazzo 1.1 that the engine can run on these specs;
each kind of defect is reported at its pointer, and the coverage list names what no flow uses."""

from __future__ import annotations

import pytest

from accord.speclint.flows import coverage

SEED = "flows/seed.arazzo.yaml"
STEP = "specs/flows/seed.arazzo.yaml:/workflows/0/steps"


def test_the_bundled_flows_are_clean_and_cover_every_operation_and_channel(specs_with_flows):
    assert specs_with_flows.lines() == []
    folders = {p.name: p for p in specs_with_flows.root.iterdir() if (p / "service.yaml").exists()}
    assert coverage(specs_with_flows.root, folders) == []


def first_step(change):
    return lambda d: change(d["workflows"][0]["steps"][0])


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            lambda d: d["workflows"][0].pop("steps"),
            "specs/flows/seed.arazzo.yaml:/workflows/0: not valid Arazzo 1.1: 'steps' is a "
            "required property",
        ),
        (
            first_step(lambda s: s.update(operationId="$sourceDescriptions.orders.placeOrder")),
            f"{STEP}/0: cardOrderIsPaid.placeOrder: no OpenAPI source has operation "
            "'$sourceDescriptions.orders.placeOrder'",
        ),
        (
            lambda d: d["workflows"][0]["steps"][1].update(
                channelPath="{$sourceDescriptions.ordersEvents.url}#/channels/order.made"
            ),
            f"{STEP}/1: cardOrderIsPaid.orderCreated: orders has no channel 'order.made'",
        ),
        (
            first_step(lambda s: s["outputs"].update(orderId="$response.bodies#/id")),
            f"{STEP}/0/outputs/orderId: '$response.bodies#/id' does not follow the Arazzo "
            "grammar for $response",
        ),
        (
            first_step(lambda s: s["successCriteria"].append({"condition": "$statusCode =="})),
            f"{STEP}/0/successCriteria/2: '$statusCode ==': ends too soon",
        ),
        (
            lambda d: d["workflows"][0]["steps"][4]["parameters"][0].update(
                value="$steps.placeOrder.outputs.order"
            ),
            f"{STEP}/4/parameters/0/value: $steps.placeOrder.outputs.order: step placeOrder has "
            "no output 'order'",
        ),
        (
            lambda d: d["workflows"][0]["steps"][4].update(dependsOn=["orderShipped"]),
            f"{STEP}/4/dependsOn: 'orderShipped' is not an earlier step",
        ),
        (
            first_step(lambda s: s.update(action="send")),
            f"{STEP}/0: not supported by the engine: send steps",
        ),
    ],
)
def test_each_kind_of_flow_defect_is_reported(specs_with_flows, change, line):
    specs_with_flows.edit(SEED, change)
    assert line in specs_with_flows.lines()
