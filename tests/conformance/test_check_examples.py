"""Every check proves it can pass and can fail: its EXAMPLES get the expected verdict."""

from __future__ import annotations

import pytest

from conformance import registry

CHECKS = registry.discover()
CASES = [(c, e) for c in CHECKS.values() for e in c.examples]


@pytest.mark.parametrize(("check", "example"), CASES, ids=[f"{c.id}-{e.name}" for c, e in CASES])
def test_example_verdict(check, example):
    if example.valid:
        check.judge(example.observation)
    else:
        with pytest.raises(registry.Violation):
            check.judge(example.observation)


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
def test_every_check_has_passing_and_failing_examples(check):
    verdicts = {e.valid for e in check.examples}
    assert verdicts == {True, False}, f"{check.id} needs passing and failing EXAMPLES"
