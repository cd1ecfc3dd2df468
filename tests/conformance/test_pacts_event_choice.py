"""A message pact is judged on the event its provider state's *last* call caused.

Setting up "an order is shipped" publishes order.updated twice (paid, then shipped): the earlier
event must not be taken for the later one just because it arrived first.
"""

import json

from conformance.observations import RawEvent
from conformance.probes.pacts import _choose
from conformance.probes.provider_states import StateSetup

ORDER = "48a96f49-2cb3-4ee4-9335-58f041e6ef0d"
PAID_TRACE, SHIPPED_TRACE = "a" * 32, "b" * 32


def updated(status: str, trace: str) -> RawEvent:
    envelope = {
        "type": "order.updated",
        "subject": ORDER,
        "traceparent": f"00-{trace}-{'1' * 16}-01",
        "data": {"id": ORDER, "status": status},
    }
    return RawEvent("order.updated", json.dumps(envelope).encode())


SETUP = StateSetup({"id": ORDER}, ("PATCH paid", "PATCH shipped"), SHIPPED_TRACE, (ORDER,))


def test_waits_for_the_last_calls_event():
    assert _choose([updated("paid", PAID_TRACE)], SETUP, final=False) is None


def test_takes_the_last_calls_event_once_it_arrives():
    events = [updated("paid", PAID_TRACE), updated("shipped", SHIPPED_TRACE)]
    assert _choose(events, SETUP, final=False).data()["status"] == "shipped"


def test_falls_back_to_an_event_about_the_resource_at_the_deadline():
    assert _choose([updated("paid", PAID_TRACE)], SETUP, final=True).data()["status"] == "paid"
