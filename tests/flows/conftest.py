"""The flows tests drive the conformance suite's fakes with the same signing key fixtures."""

from tests.conformance.conftest import key_file, signing_key  # noqa: F401 (pytest fixtures)
