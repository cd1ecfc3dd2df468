"""The run's verdict: PASSED only when something was judged, nothing failed or errored, and every
family named with `--only` judged at least one check.

Checks not judged by the target's declaration (no broker, no log source, a token kind its token
mode cannot make, a waiver) do not fail the run, but the verdict line names each such family and
why, so a green run never hides what it did not look at. `--require` turns those gaps into
failures before they reach here (`conformance.nodes.result_of`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conformance.reports import CheckResult, Selection

REASONS_SHOWN = 3
# accord run's exit codes: 0 passed, 1 a contract is not honoured, 2 nothing could be judged.
EXIT = {"PASSED": 0, "FAILED": 1, "NOTHING JUDGED": 2}


@dataclass(frozen=True)
class Verdict:
    status: str  # PASSED | FAILED | NOTHING JUDGED
    line: str  # the one line the console ends with and every report records
    not_judged: tuple[str, ...] = ()  # per family: what was not judged, and why
    waived: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return EXIT[self.status]


def _checks(n: int) -> str:
    return f"{n} check{'s' * (n != 1)}"


def verdict(results: Sequence[CheckResult], selection: Selection) -> Verdict:
    """What the results earn; see the module docstring for the rules."""
    judged = [r for r in results if r.judged]
    bad = {s: sum(r.status == s for r in results) for s in ("failed", "error")}
    gaps = _not_judged(results)
    waived = tuple(sorted({r.id for r in results if r.waived}))
    silent = [f for f in selection.families if not any(r.family == f for r in judged)]
    tail = "".join(
        [
            f"; not judged: {', '.join(gaps)}" if gaps else "",
            f"; waived: {', '.join(waived)}" if waived else "",
        ]
    )
    if not judged:
        line = f"NOTHING JUDGED: {_checks(len(results))} selected, none judged{tail}"
        return Verdict("NOTHING JUDGED", line, gaps, waived)
    named_silent = silent if selection.named else []
    if bad["failed"] or bad["error"] or named_silent:
        counts = f"{bad['failed']} failed, {bad['error']} error of {_checks(len(judged))} judged"
        asked = f"; --only names {', '.join(named_silent)}, which judged nothing" * bool(
            named_silent
        )
        return Verdict("FAILED", f"FAILED: {counts}{asked}{tail}", gaps, waived)
    return Verdict("PASSED", f"PASSED: {_checks(len(judged))} judged{tail}", gaps, waived)


def _not_judged(results: Sequence[CheckResult]) -> tuple[str, ...]:
    """Per family, the results not judged by declaration (waivers apart) and their reasons."""
    total: dict[str, int] = defaultdict(int)
    reasons: dict[str, dict[str, int]] = defaultdict(dict)
    for r in results:
        total[r.family] += 1
        if r.status == "skipped" and not r.waived:
            reasons[r.family][r.message] = reasons[r.family].get(r.message, 0) + 1
    gaps = []
    for family in sorted(reasons):
        count = sum(reasons[family].values())
        why = list(reasons[family])
        shown = "; ".join(why[:REASONS_SHOWN])
        shown += f"; {len(why) - REASONS_SHOWN} other reasons" * (len(why) > REASONS_SHOWN)
        part = "" if count == total[family] else f" {count} of {total[family]}"
        gaps.append(f"{family}{part} ({shown})")
    return tuple(gaps)
