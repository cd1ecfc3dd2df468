"""The notifier's consumer tests write `pacts/shipping-notifier-orders.json` whole (every test of
the file ran and passed), with Accord's pytest fixtures; `ACCORD_PACTS_OUT` redirects it.

Run from this folder (`python -m pytest`) or from the repository root (`make test`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")  # before pact is imported: no telemetry
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the shipping_notifier package

from accord.pacts.pytest_fixtures import (  # noqa: F401  (fixtures and a hook, by name)
    pact_files,
    pytest_runtest_logreport,
    write_pact,
)
