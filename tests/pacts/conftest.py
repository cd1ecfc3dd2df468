"""The project's consumer pact tests write `pacts/` whole (see accord.pacts.pytest_fixtures);
`ACCORD_PACTS_OUT` redirects the published files (the determinism test uses it)."""

from __future__ import annotations

import os

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")  # before pact is imported: no telemetry

from accord.pacts.pytest_fixtures import (  # noqa: F401  (fixtures and a hook, by name)
    pact_files,
    pytest_runtest_logreport,
    write_pact,
)
