"""The corpus: one case per rule, as data, each with the classification it must get.

A case (`corpus/<group>/<name>.yaml`) patches the base specs (`corpus/_base`) into BASE with
`base`, then HEAD is BASE patched further with `head`; `accord diff` must report exactly the
`expect`ed rules and levels (and pointers, where given), and pass or fail as `passes` says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.specdiff import BREAKING, all_rules, gate, load_tree

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p for p in CORPUS.rglob("*.yaml") if "_base" not in p.relative_to(CORPUS).parts)


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "path", CASES, ids=lambda p: p.relative_to(CORPUS).with_suffix("").as_posix()
)
def test_case(path, make_specs):
    case = _load(path)
    base = load_tree(make_specs("base", case.get("base")), "specs")
    head = load_tree(make_specs("head", case.get("base"), case.get("head")), "specs")
    result = gate(base, head)
    found = sorted((c.rule.id, c.level) for c in result.changes)
    assert found == sorted((e["rule"], e["level"]) for e in case["expect"]), case["description"]
    for expected in case["expect"]:
        if "pointer" in expected:
            pointers = {c.pointer for c in result.changes if c.rule.id == expected["rule"]}
            assert expected["pointer"] in pointers
    if "passes" in case:
        assert result.passed is case["passes"]


def test_every_rule_has_a_case():
    expected = {e["rule"] for path in CASES for e in _load(path)["expect"]}
    assert sorted(r.id for r in all_rules() if r.id not in expected) == []


def test_compatible_cases_are_not_breaking():
    compatible = sorted((CORPUS / "compatible").glob("*.yaml"))
    assert len(compatible) >= 5
    for path in compatible:
        assert all(e["level"] != BREAKING for e in _load(path)["expect"]), path.name


def test_every_rule_is_documented():
    text = (Path(__file__).parents[2] / "docs" / "diff.md").read_text(encoding="utf-8")
    missing = [
        r.id for r in all_rules() if f"`{r.id}`" not in text and f"`{_suffix(r.id)}`" not in text
    ]
    assert missing == []


def test_the_documented_levels_are_the_rules_levels():
    """Each table row of docs/diff.md gives the level the code declares (both directions for
    the schema rules), and every rule has its row."""
    text = (Path(__file__).parents[2] / "docs" / "diff.md").read_text(encoding="utf-8")
    levels = {r.id: r.level for r in all_rules()}
    documented = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = cells[0].strip("`")
        if name in levels:
            documented[name] = cells[1]
        elif f"REQUEST-{name}" in levels and len(cells) > 2:
            documented[f"REQUEST-{name}"], documented[f"RESPONSE-{name}"] = cells[1], cells[2]
    assert documented == levels


def _suffix(rule_id: str) -> str:
    side, _, suffix = rule_id.partition("-")
    return suffix if side in ("REQUEST", "RESPONSE") else rule_id
