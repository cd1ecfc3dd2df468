"""Cross-checks register themselves by a stable id; every module in `checks/` is discovered."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accord.registry import Registry
from accord.speclint.loader import Service
from accord.speclint.problem import Problem

CheckFunction = Callable[[list[Service]], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    """A cross-check: its id (never reused), the requirement it enforces, and its function.

    `between_services`: it judges how services fit together (who publishes what another one
    subscribes to, the flows that cross them), so it needs every service of the system and is
    not run on one service's folder alone."""

    id: str
    requirement: str
    run: CheckFunction
    between_services: bool = False


CHECKS: Registry[Check] = Registry("lint check", "accord.speclint.checks")


def check(
    check_id: str, requirement: str, between_services: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as cross-check `check_id`."""

    def register(function: CheckFunction) -> CheckFunction:
        entry = Check(check_id, requirement, function, between_services)
        CHECKS.add(check_id, entry, origin=f"{function.__module__}.{function.__qualname__}")
        return function

    return register


def all_checks() -> list[Check]:
    """Every cross-check in `accord.speclint.checks`, by id."""
    return list(CHECKS.discover().values())
