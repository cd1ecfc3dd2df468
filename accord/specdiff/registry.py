"""The rule catalogue: every rule is declared once, by the module that finds it."""

from __future__ import annotations

from accord.specdiff.model import LEVELS, Rule

RULES: dict[str, Rule] = {}


def define(rule_id: str, level: str, summary: str) -> Rule:
    """Declare a rule; ids are unique and never reused."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} declared twice")
    if level not in LEVELS:
        raise ValueError(f"rule {rule_id}: unknown level {level}")
    RULES[rule_id] = rule = Rule(rule_id, level, summary)
    return rule


def rule(rule_id: str) -> Rule:
    """The declared rule `rule_id`."""
    return RULES[rule_id]


def all_rules() -> list[Rule]:
    """Every rule, once every document module is imported, sorted by id."""
    import accord.specdiff.asyncapi
    import accord.specdiff.logcontract
    import accord.specdiff.manifest
    import accord.specdiff.openapi  # noqa: F401

    return sorted(RULES.values(), key=lambda r: r.id)
