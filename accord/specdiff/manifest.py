"""`service.yaml`: the service's name, version, documents and required scopes."""

from __future__ import annotations

from accord.specdiff.compare import Comparison, mapping, shown
from accord.specdiff.model import BREAKING, INFO, WARNING
from accord.specdiff.registry import define

define("SVC-SERVICE-REMOVED", BREAKING, "a service folder was removed")
define("SVC-SERVICE-ADDED", INFO, "a new service folder")
define("SVC-NAME-CHANGED", BREAKING, "the service's name changed (log records, token audiences)")
define("SVC-VERSION-CHANGED", INFO, "the service's version changed")
define("SVC-VERSION-DECREASED", WARNING, "the service's version went down")
define("SVC-SCOPE-ADDED", BREAKING, "the API requires a scope that existing tokens lack")
define("SVC-SCOPE-REMOVED", WARNING, "a scope is no longer required (issuers, consumers)")
define("SVC-API-REMOVED", BREAKING, "the manifest no longer names an OpenAPI document")
define("SVC-EVENTS-REMOVED", BREAKING, "the manifest no longer names an AsyncAPI document")


def compare_manifest(cmp: Comparison) -> None:
    """Every change between two manifests."""
    b, h = mapping(cmp.base.data), mapping(cmp.head.data)
    if b.get("name") != h.get("name"):
        cmp.report("SVC-NAME-CHANGED", "/name", f"name `{b.get('name')}` became `{h.get('name')}`")
    _version(cmp, b.get("version"), h.get("version"))
    for key, rule in (("api", "SVC-API-REMOVED"), ("events", "SVC-EVENTS-REMOVED")):
        if b.get(key) and not h.get(key):
            cmp.report(rule, f"/{key}", f"`{key}: {b.get(key)}` removed")
    before, after = _scopes(b), _scopes(h)
    ptr = "/auth/required_scopes"
    if after - before:
        cmp.report("SVC-SCOPE-ADDED", ptr, f"required scope(s) {shown(after - before)} added")
    if before - after:
        cmp.report("SVC-SCOPE-REMOVED", ptr, f"required scope(s) {shown(before - after)} removed")


def _version(cmp: Comparison, before: object, after: object) -> None:
    if before == after:
        return
    text = f"version {before} became {after}"
    lower = _semver(after) < _semver(before)
    cmp.report("SVC-VERSION-DECREASED" if lower else "SVC-VERSION-CHANGED", "/version", text)


def _scopes(manifest: dict) -> set[str]:
    scopes = mapping(manifest, "auth").get("required_scopes")
    return {s for s in scopes if isinstance(s, str)} if isinstance(scopes, list) else set()


def _semver(version: object) -> tuple[int, ...]:
    """The numeric `major.minor.patch` of a version string; (0, 0, 0) if it has none."""
    core = str(version or "").split("-")[0].split("+")[0].split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in [*core, "0", "0", "0"][:3])


def major(version: object) -> int:
    """The major number of a version string."""
    return _semver(version)[0]
