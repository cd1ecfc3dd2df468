"""Two specs folders, their services matched by folder name, and every document pair compared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord.specdiff.asyncapi import compare_asyncapi
from accord.specdiff.compare import Comparison
from accord.specdiff.logcontract import compare_lifecycle_events, compare_log_schema
from accord.specdiff.manifest import compare_manifest
from accord.specdiff.model import Change
from accord.specdiff.openapi import compare_openapi
from accord.specdiff.registry import rule
from accord.speclint.loader import MANIFEST, Document, Loader, Service
from accord.speclint.problem import display


class DiffInputError(Exception):
    """BASE or HEAD cannot be used: a missing folder, a bad revision, a YAML syntax error."""


@dataclass
class Tree:
    """A specs folder: its services keyed by folder (relative to the root), and a report label."""

    root: Path
    label: str  # documents are reported as `<label>/<path below root>`
    services: dict[str, Service]
    description: str = ""  # e.g. `specs@origin/main`, for the report header

    def name(self, document: Document) -> str:
        """How `document` is named in reports."""
        try:
            rel = document.path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            # A manifest may name a file outside the specs folder (`../shared/log.yaml`).
            return display(document.path)
        return f"{self.label}/{rel}" if self.label else rel


def load_tree(root: Path, label: str, *, empty_ok: bool = True) -> Tree:
    """Load every service under `root`; DiffInputError when unusable.

    A folder without services is an empty tree (a git revision from before the specs existed,
    or every service removed); with `empty_ok=False` it is a wrong folder, unusable input.
    """
    name = label or str(root)
    if not root.is_dir():
        raise DiffInputError(f"{name}: {'not a' if root.exists() else 'no such'} folder")
    if (root / MANIFEST).is_file():
        # Services are matched by their folder below the root, and the pact step looks for
        # providers there: one service folder alone would be compared as a service named `.`.
        raise DiffInputError(
            f"{name}: a service folder, not a specs folder (give the folder that holds it)"
        )
    loader = Loader()
    folders = sorted({m.parent for m in root.rglob(MANIFEST)})
    if not folders and not empty_ok:
        raise DiffInputError(f"{name}: not a specs folder (no {MANIFEST} below it)")
    services = {f.relative_to(root).as_posix(): loader.service(f) for f in folders}
    tree = Tree(root, label, services)
    for document in loader.documents:
        if document.data is None and document.problems:
            raise DiffInputError(_unusable(tree, document))
    return tree


def _unusable(tree: Tree, document: Document) -> str:
    """The document's first problem, naming it as reports do (not by a temporary git export)."""
    shown = tree.name(document)
    message = document.problems[0].message.replace(display(document.path), shown)
    return message if shown in message else f"{shown}: {message}"


COMPARERS: tuple[tuple[str, Callable[[Comparison], None]], ...] = (
    ("manifest", compare_manifest),
    ("manifest", compare_lifecycle_events),
    ("api", compare_openapi),
    ("events", compare_asyncapi),
)


def diff_trees(base: Tree, head: Tree) -> list[Change]:
    """Every change from BASE to HEAD, service by service, then the shared log schemas."""
    changes: list[Change] = []
    for key in sorted(set(base.services) | set(head.services)):
        if key not in head.services or key not in base.services:
            changes.append(_service_change(base, head, key))
            continue
        b, h = base.services[key], head.services[key]
        for attr, compare in COMPARERS:
            b_doc, h_doc = getattr(b, attr), getattr(h, attr)
            if _usable(b_doc) and _usable(h_doc):
                cmp = Comparison(b_doc, h_doc, head.name(h_doc), (key,))
                compare(cmp)
                changes += cmp.changes
    return changes + _log_schema_changes(base, head)


def _usable(document: Document | None) -> bool:
    return document is not None and document.data is not None


def _service_change(base: Tree, head: Tree, key: str) -> Change:
    removed = key not in head.services
    tree = base if removed else head
    document = f"{tree.label}/{key}/{MANIFEST}" if tree.label else f"{key}/{MANIFEST}"
    rule_id = "SVC-SERVICE-REMOVED" if removed else "SVC-SERVICE-ADDED"
    message = f"service `{key}` {'removed' if removed else 'added'}"
    return Change(rule(rule_id), document, "", message, (key,))


def _log_schema_changes(base: Tree, head: Tree) -> list[Change]:
    """Each distinct log-record schema once, attributed to every service that names it."""
    pairs: dict[tuple[Path, Path], list[str]] = {}
    for key in sorted(set(base.services) & set(head.services)):
        b, h = base.services[key].log_schema, head.services[key].log_schema
        if _usable(b) and _usable(h):
            pairs.setdefault((b.path.resolve(), h.path.resolve()), []).append(key)
    changes: list[Change] = []
    for (b_path, h_path), keys in pairs.items():
        b_doc, h_doc = Loader().load(b_path), Loader().load(h_path)
        cmp = Comparison(b_doc, h_doc, head.name(h_doc), tuple(keys))
        compare_log_schema(cmp)
        changes += cmp.changes
    return changes
