"""The one-line verdict every format shares."""

from __future__ import annotations

from accord.specdiff.model import BREAKING, INFO, WARNING, Change, GateResult


def verdict(result: GateResult) -> str:
    """`FAILED: 2 breaking (1 blocking), 0 warnings, 3 info; lint failed` or `PASSED: ...`."""
    blocking = f"{len(result.blocking)} blocking"
    if result.fail_on == BREAKING:
        counts = f"{result.count(BREAKING)} breaking ({blocking}), "
        counts += f"{result.count(WARNING)} warning(s), {result.count(INFO)} info"
    else:  # warnings block too: the count says so
        counts = f"{result.count(BREAKING)} breaking, {result.count(WARNING)} warning(s), "
        counts += f"{result.count(INFO)} info ({blocking} at --fail-on {result.fail_on})"
    failed = [s.name for s in result.steps if s.failed]
    tail = f"; {', '.join(failed)} failed" if failed else ""
    return f"{'PASSED' if result.passed else 'FAILED'}: {counts}{tail}"


def note(change: Change) -> str:
    """Why a gated change does not block: its allow-list reason or the major bump."""
    if change.allowed:
        return f"allowed: {change.allowed}"
    if change.covered:
        return "covered by a major version bump"
    return ""
