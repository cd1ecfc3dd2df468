"""Pact files from consumer tests, written only whole: fixtures and a hook for a conftest.py.

Each test stages its pact in a fresh folder for the session; a pact file is published (to
`$ACCORD_PACTS_OUT`, else `<rootdir>/pacts`) only when every test that contributes to it ran and
passed, so a partial run (`-k`, one failing test) never leaves a half pact behind and a removed
interaction never lingers (pact-python merges into an existing file; staging always starts from an
empty folder). Interactions are sorted, so the file is the same whatever the test order.

In a consumer's conftest.py:

    from accord.pacts.pytest_fixtures import pact_files, pytest_runtest_logreport, write_pact

and in a test: `write_pact(pact)` after `with pact.serve(): ...` (see examples/shipping-notifier).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

_PASSED_IDS: set[str] = set()  # node ids of the tests whose call phase passed


class PactFiles:
    """Stages the pacts written by this session's tests; publishes the complete ones."""

    def __init__(self, staging: Path, target: Path) -> None:
        self.staging, self.target = staging, target
        self.writers: dict[str, set[ModuleType]] = {}

    def write(self, pact, module: ModuleType) -> None:
        """Merge `pact` into its staged file (one Pact object per test, many tests per file)."""
        pact.write_file(self.staging, overwrite=False)
        self.writers.setdefault(f"{pact.consumer}-{pact.provider}.json", set()).add(module)

    def publish(self, session: pytest.Session, passed: set[str]) -> None:
        """Write each staged file whose contributing modules all ran and passed."""
        for name, modules in sorted(self.writers.items()):
            if all(_complete(session, module, passed) for module in modules):
                self.target.mkdir(parents=True, exist_ok=True)
                (self.target / name).write_text(normalised(self.staging / name), encoding="utf-8")


def normalised(path: Path) -> str:
    """The pact JSON with its interactions in a stable order (test order must not matter)."""
    pact = json.loads(path.read_text(encoding="utf-8"))
    pact["interactions"] = sorted(pact.get("interactions", []), key=_interaction_key)
    return json.dumps(pact, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _interaction_key(interaction: dict) -> tuple[str, str, str]:
    states = json.dumps(interaction.get("providerStates", []), sort_keys=True)
    return interaction.get("type", ""), interaction.get("description", ""), states


def _complete(session: pytest.Session, module: ModuleType, passed: set[str]) -> bool:
    items = [item for item in session.items if getattr(item, "module", None) is module]
    defined = {name for name, value in vars(module).items() if name.startswith("test_")}
    ran = {getattr(item, "originalname", item.name) for item in items}
    return ran >= {n for n in defined if callable(vars(module)[n])} and all(
        item.nodeid in passed for item in items
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        _PASSED_IDS.add(report.nodeid)


@pytest.fixture(scope="session")
def pact_files(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Any:
    """Where consumer tests write their pacts; published to `pacts/` at the end of the session."""
    target = Path(os.environ.get("ACCORD_PACTS_OUT") or request.config.rootpath / "pacts")
    files = PactFiles(tmp_path_factory.mktemp("pact-staging"), target)
    yield files
    files.publish(request.session, _PASSED_IDS)


@pytest.fixture
def write_pact(pact_files: PactFiles, request: pytest.FixtureRequest) -> Any:
    """`write_pact(pact)`: stage the verified pact of this test."""
    return lambda pact: pact_files.write(pact, request.module)
