"""Checks are discovered by walking conformance/checks; ids are unique and well-formed."""

from __future__ import annotations

import re

import pytest

from conformance import registry


def test_discovery_finds_every_family_without_an_import_list():
    checks = registry.discover()
    assert {"specs", "auth", "errors"} <= {c.family for c in checks.values()}
    assert set(registry.families()) >= {"specs", "auth", "errors"}


def test_ids_are_stable_and_match_their_family():
    for check in registry.discover().values():
        assert re.fullmatch(r"[A-Z]+-\d{3}", check.id)
        assert check.ref and check.description
        assert check.module.startswith(f"conformance.checks.{check.family}.")


def test_a_duplicate_id_fails_at_import():
    @registry.check("TST-901", family="test", ref="x")
    def first(observation):
        """First."""

    try:
        with pytest.raises(registry.DuplicateCheckError, match="TST-901"):

            @registry.check("TST-901", family="test", ref="x")
            def second(observation):
                """Second."""
    finally:
        registry.CHECKS.remove("TST-901")


def test_families_declare_their_required_inputs():
    families = registry.families()
    assert families["auth"].requires == ("tokens",)
    assert families["specs"].requires == ()
