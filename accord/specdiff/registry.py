"""The rule catalogue: every rule is declared once, by the module that finds it."""

from __future__ import annotations

from accord.registry import Registry
from accord.specdiff.model import LEVELS, Rule

# Rules are declared by the modules that find them, anywhere in the package.
RULES: Registry[Rule] = Registry("diff rule", "accord.specdiff")


def define(rule_id: str, level: str, summary: str) -> Rule:
    """Declare a rule; ids are unique and never reused."""
    if level not in LEVELS:
        raise ValueError(f"rule {rule_id}: unknown level {level}")
    return RULES.add(rule_id, Rule(rule_id, level, summary))


def rule(rule_id: str) -> Rule:
    """The declared rule `rule_id`."""
    return RULES[rule_id]


def all_rules() -> list[Rule]:
    """Every rule, once every module of the package is imported, sorted by id."""
    return list(RULES.discover().values())
