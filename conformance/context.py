"""What the `subjects` and `observe` functions of a check receive: the target and the probes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from conformance import openapi
from conformance.observations import Operation
from conformance.probes.http import HttpProbe
from conformance.probes.tokens import TokenSource
from conformance.registry import Declared
from conformance.target import Target

T = TypeVar("T")


@dataclass(frozen=True)
class _Raised:
    exception: Exception


@dataclass(frozen=True)
class RunOptions:
    max_examples: int = 50
    seed: int | None = None
    # `accord flow run`: these flow files instead of the target's, only these workflows, and
    # inputs overriding the workflows' defaults ((name, value) pairs).
    flows: tuple[str, ...] = ()
    workflows: tuple[str, ...] = ()
    inputs: tuple[tuple[str, Any], ...] = ()


@dataclass
class RunContext:
    """One run against one target; probes are made on first use and closed at the end."""

    target: Target
    options: RunOptions = field(default_factory=RunOptions)
    progress: Callable[[str], None] = field(default=lambda text: None, repr=False)
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """Gather a piece of evidence once per run, when several checks judge it."""
        if key not in self._memo:
            try:
                self._memo[key] = make()
            except Exception as exc:  # kept: every check sharing it fails for the same cause, once
                self._memo[key] = _Raised(exc)
        found = self._memo[key]
        if isinstance(found, _Raised):
            raise found.exception
        return cast(T, found)  # what `make` returned for this key

    @cached_property
    def http(self) -> HttpProbe:
        return HttpProbe(self.target.timeouts["connect"], self.target.timeouts["request"])

    @cached_property
    def tokens(self) -> TokenSource:
        if self.target.tokens is None:
            raise Declared("the target says no way to get tokens (tokens)")
        services = list(self.target.services)
        return TokenSource(self.target.tokens, services, self.target.timeouts["request"])

    def operations(self, service: str) -> list[Operation]:
        return openapi.operations(service, self.target.services[service].specs)

    def all_operations(self) -> list[Operation]:
        return [op for name in self.target.services for op in self.operations(name)]

    def scope_set(self, operation: Operation, kind: str) -> tuple[str, ...]:
        """Scopes for a token: the operation's own ("required"), "none", "other" or "read" ones."""
        if kind == "required":
            return operation.scopes
        if kind == "none":
            return ()
        known = sorted({s for op in self.operations(operation.service) for s in op.scopes})
        others = [s for s in known if s not in operation.scopes]
        if kind == "read":
            others = [s for s in others if s.endswith(".read")]
        if not others:
            raise Declared(f"{operation.service} declares no {kind} scope besides the required one")
        return tuple(others)

    def close(self) -> None:
        if "http" in self.__dict__:
            self.http.close()
