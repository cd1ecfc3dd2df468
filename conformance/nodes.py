"""The pytest collection tree: checks/ → one node per family → one item per check x subject."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from conformance import registry
from conformance.context import RunContext
from conformance.registry import Check, Declared, SetupFailed, Subject, Violation
from conformance.reports import CheckResult
from conformance.reports.curl import with_reproducer
from conformance.run import Run

ALL = "(all)"


class CheckSuite(pytest.Directory):
    """The collection root: the selected families, in name order."""

    def __init__(self, *, run: Run, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run = run

    def collect(self) -> Iterator[FamilyNode]:
        checks = registry.discover()
        families = registry.families()
        for name in self.run.families:
            family_checks = [c for c in checks.values() if c.family == name]
            yield FamilyNode.from_parent(
                self, name=name, run=self.run, family=families[name], checks=family_checks
            )


class FamilyNode(pytest.Collector):
    def __init__(
        self, *, run: Run, family: registry.Family, checks: list[Check], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.run = run
        self.family = family
        self.checks = checks

    def collect(self) -> Iterator[CheckItem]:
        run = self.run
        missing = next(filter(None, map(run.target.missing, self.family.requires)), None)
        for check in self.checks:
            yield from self._items(run, check, missing)

    def _items(self, run: Run, check: Check, missing: str | None) -> Iterator[CheckItem]:
        if check.id in run.target.waivers:
            yield self._item(
                check, None, skip=f"waived: {run.target.waivers[check.id]}", waived=True
            )
        elif missing:
            yield self._item(check, None, skip=missing)
        else:
            try:
                subjects = list(check.subjects(run.ctx))
            except Declared as exc:
                yield self._item(check, None, skip=str(exc))
                return
            except Exception as exc:  # a broken spec must show as an error, not stop collection
                yield self._item(check, None, error=exc)
                return
            if not subjects:
                yield self._item(check, None, skip="the target's specs hold nothing it judges")
            for subject in subjects:
                yield self._item(check, subject)

    def _item(self, check: Check, subject: Subject | None, **why: Any) -> CheckItem:
        name = f"{check.id}[{subject.id if subject else ALL}]"
        return CheckItem.from_parent(
            self, name=name, ctx=self.run.ctx, check=check, subject=subject, **why
        )


class CheckItem(pytest.Item):
    """One check judging one subject: observe through a probe, then judge the observation."""

    def __init__(
        self,
        *,
        ctx: RunContext,
        check: Check,
        subject: Subject | None,
        skip: str = "",
        waived: bool = False,
        error: BaseException | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.check, self.subject = check, subject
        self.skip_reason, self.waived, self.error = skip, waived, error
        self.evidence: dict[str, Any] = {}

    def runtest(self) -> None:
        if self.skip_reason:
            pytest.skip(self.skip_reason)
        if self.error is not None:
            raise self.error
        try:
            observation = self._observe()
        except Declared as exc:
            pytest.skip(str(exc))
        self.evidence = observation.evidence() if hasattr(observation, "evidence") else {}
        self.check.judge(observation)

    def _observe(self) -> Any:
        """What the check judges: the probe's observation of the subject, else the context."""
        if self.check.observe is None:
            return self.ctx
        if self.subject is None:  # only items that skip or error before observing lack one
            raise RuntimeError(f"{self.check.id}: no subject to observe")
        return self.check.observe(self.ctx, self.subject)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        if excinfo.errisinstance((Violation, SetupFailed, httpx.HTTPError, RuntimeError)):
            return f"{self.check.id} ({self.check.ref}): {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"{self.name}: {self.check.description}"


def _exception_evidence(exc: BaseException) -> dict[str, Any]:
    """An unexpected exception, with the last frames of its traceback (where it happened)."""
    frames = traceback.format_exception(exc)
    return {"kind": "exception", "type": type(exc).__name__, "traceback": "".join(frames[-6:])}


def result_of(
    item: CheckItem,
    call: pytest.CallInfo[None],
    report: pytest.TestReport,
    required: frozenset[str],
) -> CheckResult:
    """The outcome of one item as a CheckResult; a declared gap of a required family fails."""
    status, message = "passed", ""
    if call.excinfo is not None:
        exc = call.excinfo.value
        if isinstance(exc, pytest.skip.Exception):
            status, message = "skipped", exc.msg or ""
            if item.check.family in required and not item.waived:
                status, message = "failed", f"required, but not judged: {message}"
        elif isinstance(exc, Violation | SetupFailed):
            status = "failed" if isinstance(exc, Violation) else "error"
            message = exc.message
            item.evidence = {**item.evidence, **exc.evidence}
        else:
            status, message = "error", f"{type(exc).__name__}: {exc}"
            item.evidence = item.evidence or _exception_evidence(exc)
    return CheckResult(
        id=item.check.id,
        family=item.check.family,
        requirement=item.check.ref,
        description=item.check.description,
        subject=item.subject.id if item.subject else ALL,
        status=status,
        message=message,
        evidence=with_reproducer(item.evidence),
        waived=item.waived and status == "skipped",
        duration=report.duration or 0.0,
    )
