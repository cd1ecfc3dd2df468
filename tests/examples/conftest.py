"""The warehouse example (examples/warehouse/): its reference implementation importable as
`inventory_service`, and the conformance tests' signing key to mint and verify tokens with."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "warehouse"))

from tests.conformance.conftest import key_file, signing_key  # noqa: F401 (pytest fixtures)
