"""The version policy: breaking changes pass when the service's major version was bumped.

A change is covered when every service it concerns raised the major version of its manifest
and, for a change in its OpenAPI or AsyncAPI document, the major `info.version` of that document.
"""

from __future__ import annotations

from accord.specdiff.compare import mapping
from accord.specdiff.manifest import major
from accord.specdiff.model import Change
from accord.specdiff.tree import Tree
from accord.speclint.loader import Document, Service


def apply_major_bumps(changes: list[Change], base: Tree, head: Tree) -> None:
    """Mark the gated changes (breaking, and warnings with `--fail-on warning`) a major version
    bump covers."""
    for change in changes:
        if change.gated and change.services:
            change.covered = all(_bumped(change, base, head, key) for key in change.services)


def _bumped(change: Change, base: Tree, head: Tree, key: str) -> bool:
    b, h = base.services.get(key), head.services.get(key)
    if b is None or h is None or not _raised(_version(b.manifest, "/version"), h.manifest):
        return False
    for attr in ("api", "events"):
        b_doc, h_doc = getattr(b, attr), getattr(h, attr)
        if h_doc is not None and head.name(h_doc) == change.document:
            return b_doc is not None and _raised(_version(b_doc, "/info/version"), h_doc)
    return True


def _raised(before: object, head_doc: Document) -> bool:
    ptr = "/version" if head_doc.path.name == "service.yaml" else "/info/version"
    return major(_version(head_doc, ptr)) > major(before)


def _version(document: Document, ptr: str) -> object:
    data = mapping(document.data)
    return data.get("version") if ptr == "/version" else mapping(data, "info").get("version")


def services_bumped(base: Tree, head: Tree) -> list[str]:
    """The services whose manifest major version went up (for the report's notes)."""
    return [key for key, s in head.services.items() if _manifest_raised(base.services.get(key), s)]


def _manifest_raised(base: Service | None, head: Service) -> bool:
    return base is not None and _raised(_version(base.manifest, "/version"), head.manifest)
