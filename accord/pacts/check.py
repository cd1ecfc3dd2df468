"""`accord pact check`: every pact's interactions against its provider's specs, no provider run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.pacts.asyncapi_check import check_message
from accord.pacts.model import PactFile, find_pacts, load_pact
from accord.pacts.openapi_check import check_http
from accord.speclint.loader import MANIFEST, Document, Loader
from accord.speclint.problem import display

ALL = "(every interaction)"


@dataclass(frozen=True)
class Mismatch:
    """One disagreement between an interaction and a spec document."""

    pact: Path
    interaction: str
    spec: Path
    pointer: str
    why: str

    def line(self) -> str:
        """`<pact file>: <interaction>: <spec file>#<json-pointer>: <why>`."""
        where = f"{display(self.spec)}#{self.pointer}"
        return f"{display(self.pact)}: {self.interaction}: {where}: {self.why}"


@dataclass(frozen=True)
class CheckResult:
    """The pacts read, how many interactions were checked, and the mismatches."""

    pacts: list[PactFile]
    mismatches: list[Mismatch]

    @property
    def interactions(self) -> int:
        """How many interactions were checked."""
        return sum(len(p.http) + len(p.messages) for p in self.pacts)

    def summary(self) -> str:
        """`pacts OK: ...` or `N mismatches in M interactions`."""
        count = len(self.mismatches)
        if not count:
            return f"pacts OK: {len(self.pacts)} pacts, {self.interactions} interactions"
        return f"{count} mismatch{'es' * (count != 1)} in {self.interactions} interactions"


def check_pacts(target: Path, specs: Path) -> CheckResult:
    """Check every pact at `target` (file or folder); UnusablePact when one cannot be read."""
    pacts = [load_pact(path) for path in find_pacts(target)]
    loader = Loader()
    mismatches = [m for pact in pacts for m in check_pact(pact, specs, loader)]
    return CheckResult(pacts, mismatches)


def check_pact(pact: PactFile, specs: Path, loader: Loader) -> list[Mismatch]:
    """The mismatches of one pact against `specs/<provider>/`."""
    folder = specs / pact.provider
    if not (folder / MANIFEST).is_file():
        return [Mismatch(pact.path, ALL, folder, "", f"no specs for provider {pact.provider!r}")]
    service = loader.service(folder)
    checks = [(i, service.api, check_http) for i in pact.http]
    checks += [(m, service.events, check_message) for m in pact.messages]
    return [m for interaction, doc, check in checks for m in _judge(pact, interaction, doc, check)]


def _judge(
    pact: PactFile, interaction: Any, document: Document | None, check: Any
) -> list[Mismatch]:
    if document is None or not document.ok:
        kind = "OpenAPI" if check is check_http else "AsyncAPI"
        where = document.path if document is not None else pact.path
        why = f"the provider has no usable {kind} document"
        return [Mismatch(pact.path, interaction.description, where, "", why)]
    return [
        Mismatch(pact.path, interaction.description, document.path, ptr, why)
        for ptr, why in check(document, interaction)
    ]
