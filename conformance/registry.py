"""Checks register themselves by id; the families are the packages under `conformance/checks/`.

A check is three things: which subjects it judges (`subjects(ctx)`, e.g. every secured operation),
how evidence about one subject is gathered from the target (`observe(ctx, subject)`, via a probe)
and the judgement itself: a pure function of that observation that raises `Violation`. Because the
judgement is pure, each check file carries `EXAMPLES` of observations that must pass and must fail,
and one generic test runs them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from accord.registry import DuplicateIdError, Registry

if TYPE_CHECKING:
    from conformance.context import RunContext

CHECKS_PACKAGE = "conformance.checks"


class Violation(AssertionError):
    """The target broke the rule a check verifies; `evidence` shows what was seen."""

    def __init__(self, message: str, evidence: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence or {}


class Declared(Exception):
    """The target declared it does not provide what the check needs: not judged, by declaration.

    Only for gaps the target file or the target's own specs state: no broker, no log source, no
    way to get tokens (or a token mode that cannot make this kind), no such service or operation.
    Anything else that stops a judgement is `SetupFailed` (an error) or a `Violation` (a failure).
    """


class SetupFailed(Exception):
    """What a check judges could not be prepared or gathered, for a reason the target did not
    declare (a service stopped answering, a file it names is unreadable, the fuzzer's own error):
    the check is an *error*, never a skip, and `evidence` shows what happened."""

    def __init__(self, message: str, evidence: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.evidence = evidence or {}


DuplicateCheckError = DuplicateIdError  # two checks claim the same id


@dataclass(frozen=True)
class Subject:
    """One thing a check judges (an operation, a service...): `id` names the test item."""

    id: str
    value: Any = None


@dataclass(frozen=True)
class Example:
    """An observation with its expected verdict, proving the check can pass and can fail."""

    name: str
    valid: bool
    observation: Any
    check: str | None = None  # only needed when a module defines several checks


def single_subject(ctx: RunContext) -> list[Subject]:
    """The default: the check judges the target as a whole."""
    return [Subject("target")]


@dataclass
class Check:
    id: str
    family: str
    ref: str
    description: str
    judge: Callable[[Any], None]
    subjects: Callable[[Any], Iterable[Subject]] = single_subject
    observe: Callable[[Any, Subject], Any] | None = None
    module: str = ""
    examples: list[Example] = field(default_factory=list)


@dataclass(frozen=True)
class Family:
    """A package `conformance/checks/<name>/`: its docstring and the target inputs it needs."""

    name: str
    description: str
    requires: tuple[str, ...]
    # The token scope sets its checks ask for, per secured operation: "required" (the
    # operation's own), "none", "other", "read" (see RunContext.scope_set) or "service" (all
    # the service's scopes). Read from the package's `TOKEN_SCOPES`; checked before a run.
    token_scopes: tuple[str, ...] = ()


CHECKS: Registry[Check] = Registry("check", CHECKS_PACKAGE)


def check(
    id: str,
    family: str,
    ref: str,
    description: str | None = None,
    *,
    subjects: Callable[[Any], Iterable[Subject]] = single_subject,
    observe: Callable[[Any, Subject], Any] | None = None,
) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Register a judgement `fn(observation)` under a stable, never-reused id."""

    def register(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        text = description or _first_line(fn.__doc__) or fn.__name__
        entry = Check(id, family, ref, text, fn, subjects, observe, fn.__module__)
        CHECKS.add(id, entry, origin=f"{fn.__module__}.{fn.__qualname__}")
        return fn

    return register


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n")[0]


def discover() -> dict[str, Check]:
    """Import every module under `conformance/checks/` and return the checks by id."""
    return CHECKS.discover(on_module=_attach_examples)


def _attach_examples(module: ModuleType) -> None:
    examples = getattr(module, "EXAMPLES", [])
    for registered in CHECKS.entries().values():
        if registered.module == module.__name__:
            registered.examples = [e for e in examples if e.check in (None, registered.id)]


def families() -> dict[str, Family]:
    """Every family package, with the target inputs it requires (`REQUIRES`)."""
    package = importlib.import_module(CHECKS_PACKAGE)
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg:
            module = importlib.import_module(f"{CHECKS_PACKAGE}.{info.name}")
            doc = (module.__doc__ or info.name).strip().splitlines()[0]
            requires = tuple(getattr(module, "REQUIRES", ()))
            scopes = ("required",) if "tokens" in requires else ()
            scopes = tuple(getattr(module, "TOKEN_SCOPES", scopes))
            found[info.name] = Family(info.name, doc, requires, scopes)
    return found
