"""`accord diff OLD_FILE NEW_FILE`: two single OpenAPI or AsyncAPI documents, no specs folder.

The documents are compared as a service's are. What needs a specs folder adapts: a major bump of
the document's own `info.version` covers breaking changes (there is no manifest to bump with
it); the allow-list defaults to `.accord-allow.yaml` beside HEAD; lint validates HEAD against
its kind's schema (the cross-checks need a service); the pact check, which finds providers by
folder, is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from accord.specdiff.asyncapi import compare_asyncapi
from accord.specdiff.compare import Comparison, mapping
from accord.specdiff.judge import default_allowlist, judge
from accord.specdiff.manifest import major
from accord.specdiff.model import GateResult, StepResult
from accord.specdiff.openapi import compare_openapi
from accord.specdiff.steps import GateOptions
from accord.specdiff.tree import DiffInputError
from accord.speclint.loader import Document, Loader
from accord.speclint.problem import Problem, display
from accord.speclint.validate import validate_asyncapi, validate_openapi

Kind = tuple[str, Callable[[Comparison], None], Callable[[Document], Iterator[Problem]]]
KINDS: dict[str, Kind] = {
    "openapi": ("OpenAPI", compare_openapi, validate_openapi),
    "asyncapi": ("AsyncAPI", compare_asyncapi, validate_asyncapi),
}


def gate_files(
    base_path: Path,
    head_path: Path,
    allow: Path | None = None,
    options: GateOptions | None = None,
    fail_on: str = "breaking",
) -> GateResult:
    """Diff two documents of one kind, apply the allow-list and the version policy, lint HEAD."""
    base, head = load_document(base_path), load_document(head_path)
    (b_kind, _, _), (h_kind, compare, validate) = KINDS[_key(base)], KINDS[_key(head)]
    if b_kind != h_kind:
        raise DiffInputError(
            f"{display(base_path)} is {b_kind}, {display(head_path)} is {h_kind}: "
            "give two documents of one kind"
        )
    cmp = Comparison(base, head, display(head_path))
    compare(cmp)
    allow = allow or default_allowlist(head_path.parent)
    result = judge(cmp.changes, display(base_path), display(head_path), allow, fail_on)
    if major(_version(head)) > major(_version(base)):
        for change in result.changes:
            change.covered = change.gated
        result.notes.append(f"major version bumped: {display(head_path)}")
    if options is not None:
        result.steps = [_lint(head, validate, options), _no_pacts(options)]
    return result


def load_document(path: Path) -> Document:
    """The OpenAPI or AsyncAPI document at `path`; DiffInputError when it is neither."""
    document = Loader().load(path)
    if document.data is None:
        message = document.problems[0].message if document.problems else "cannot read"
        raise DiffInputError(message if display(path) in message else f"{display(path)}: {message}")
    if _key(document) not in KINDS:
        raise DiffInputError(
            f"{display(path)}: neither an OpenAPI nor an AsyncAPI document "
            "(no top-level `openapi` or `asyncapi`)"
        )
    return document


def _key(document: Document) -> str:
    data = mapping(document.data)
    return next((key for key in KINDS if key in data), "")


def _version(document: Document) -> object:
    return mapping(document.data, "info").get("version")


def _lint(head: Document, validate: Callable, options: GateOptions) -> StepResult:
    if not options.lint:
        return StepResult("lint", "skipped", ["skipped (--no-lint)"])
    lines = [f"{display(head.path)}:{p.pointer}: {p.message}" for p in validate(head)]
    return StepResult("lint", "failed" if lines else "passed", lines)


def _no_pacts(options: GateOptions) -> StepResult:
    why = (
        "skipped (--no-pacts)"
        if not options.pacts
        else "two single files: pacts need a specs folder"
    )
    return StepResult("pact check", "skipped", [why])
