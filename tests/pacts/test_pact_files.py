"""The generated pact files are deterministic: two runs of the consumer tests write identical
files, equal to the committed `pacts/` (regenerate with `make test` and commit when this fails)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO_ROOT = HERE.parents[1]
NOTIFIER = REPO_ROOT / "examples" / "shipping-notifier" / "tests"
CONSUMER_TESTS = sorted(
    str(p) for p in [*HERE.glob("test_*_consumer.py"), *NOTIFIER.glob("test_*.py")]
)


def generate(into: Path) -> dict[str, str]:
    env = {**os.environ, "ACCORD_PACTS_OUT": str(into), "PACT_DO_NOT_TRACK": "true"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CONSUMER_TESTS]
    run = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(into.glob("*.json"))}


@pytest.mark.slow
def test_two_runs_write_identical_pacts_equal_to_the_committed_ones(tmp_path):
    first, second = generate(tmp_path / "one"), generate(tmp_path / "two")
    assert set(first) == {"orders-payments.json", "shipping-notifier-orders.json"}
    assert first == second
    committed = {name: (REPO_ROOT / "pacts" / name).read_text(encoding="utf-8") for name in first}
    assert first == committed, "pacts/ is stale: run the consumer tests and commit pacts/"


def test_a_partial_run_publishes_nothing(tmp_path):
    env = {**os.environ, "ACCORD_PACTS_OUT": str(tmp_path), "PACT_DO_NOT_TRACK": "true"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "card"]
    run = subprocess.run(
        [*command, *CONSUMER_TESTS], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    # The selected test ran and passed: nothing is published because the run was partial, not
    # because the subprocess crashed before it could write anything.
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout and "deselected" in run.stdout
    assert not list(tmp_path.glob("*.json"))
