"""The one-line verdict every format shares."""

from __future__ import annotations

from accord.specdiff.model import BREAKING, INFO, WARNING, Change, GateResult


def verdict(result: GateResult) -> str:
    """`FAILED: 2 breaking (1 blocking), 0 warnings, 3 info; lint failed` or `PASSED: ...`."""
    counts = f"{result.count(BREAKING)} breaking ({len(result.blocking)} blocking), "
    counts += f"{result.count(WARNING)} warning(s), {result.count(INFO)} info"
    failed = [s.name for s in result.steps if s.failed]
    tail = f"; {', '.join(failed)} failed" if failed else ""
    return f"{'PASSED' if result.passed else 'FAILED'}: {counts}{tail}"


def note(change: Change) -> str:
    """Why a breaking change does not block: its allow-list reason or the major bump."""
    if change.allowed:
        return f"allowed: {change.allowed}"
    if change.covered:
        return "covered by a major version bump"
    return ""
