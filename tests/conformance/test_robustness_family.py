"""The `robustness` family against the orders + payments fake, which was never hardened: its
crashes on hostile bodies and its ignored `Idempotency-Key` are each reported by the check that
guards them, with the request that showed it."""

from __future__ import annotations

from tests.conformance.test_events_family import fake_event_shop


def test_a_fake_that_was_never_hardened_fails_where_it_should(tmp_path, key_file):
    code, report = fake_event_shop.run_accord(tmp_path, key_file, [], only="robustness")
    assert code == 1
    failed = {(c["id"], c["subject"]): c for c in report["checks"] if c["status"] == "failed"}
    deep = failed[("ROB-001", "orders.createOrder:nested 10000 deep")]
    assert deep["message"] == "nested 10000 deep: answered 500, a client's mistake is a 4xx"
    assert deep["evidence"]["response"]["status"] == 500
    assert deep["evidence"]["reproduce"].startswith("curl -i -X POST")
    keyed = failed[("ROB-004", "orders.createOrder")]
    assert keyed["message"].startswith("one key made 16 resources")  # the fake ignores the key
    assert len(keyed["evidence"]["statuses"]) == 16
