"""OpenAPI security: each operation's requirements and scopes, and the security schemes."""

from __future__ import annotations

from accord.specdiff.compare import Comparison, child, mapping, shown
from accord.specdiff.model import BREAKING, INFO, WARNING
from accord.specdiff.registry import define

define("OAS-SECURITY-ADDED", BREAKING, "an operation that was public now needs credentials")
define("OAS-SECURITY-REMOVED", WARNING, "an operation no longer needs credentials")
define("OAS-SECURITY-REQUIREMENT-REMOVED", BREAKING, "a way to authenticate was removed")
define("OAS-SECURITY-REQUIREMENT-ADDED", INFO, "a new alternative way to authenticate")
define("OAS-SECURITY-SCOPE-ADDED", BREAKING, "a requirement needs a scope tokens may lack")
define("OAS-SECURITY-SCOPE-REMOVED", INFO, "a requirement needs fewer scopes")
define("OAS-SECURITY-SCHEME-REMOVED", BREAKING, "a security scheme was removed")
define("OAS-SECURITY-SCHEME-CHANGED", BREAKING, "a security scheme works differently")

# What a client does to authenticate. `description` and `bearerFormat` (by the OpenAPI
# specification, "primarily for documentation purposes") and scope descriptions change no client.
SCHEME_KEYS = ("type", "scheme", "in", "name", "openIdConnectUrl")
FLOW_KEYS = ("authorizationUrl", "tokenUrl", "refreshUrl")
Requirements = dict[tuple[str, ...], dict[str, set[str]]]


def compare_operation_security(cmp: Comparison, label: str, base: tuple, head: tuple) -> None:
    """The effective security of one operation (its own, else the document's)."""
    (b_op, _), (h_op, h_ptr) = base, head
    b_req, h_req = _effective(cmp.base.data, b_op), _effective(cmp.head.data, h_op)
    ptr = child(h_ptr, "security") if "security" in h_op else "/security"
    if not _secured(b_req) and _secured(h_req):
        cmp.report("OAS-SECURITY-ADDED", ptr, f"{label} now needs credentials")
    elif _secured(b_req) and not _secured(h_req):
        cmp.report("OAS-SECURITY-REMOVED", ptr, f"{label} no longer needs credentials")
    elif _secured(b_req):
        _requirements(cmp, label, b_req, h_req, ptr)


def _effective(data: object, op: dict) -> Requirements:
    raw = op["security"] if "security" in op else mapping(data).get("security")
    found: Requirements = {}
    for requirement in raw if isinstance(raw, list) else []:
        if isinstance(requirement, dict):
            scopes = {k: set(v) if isinstance(v, list) else set() for k, v in requirement.items()}
            found[tuple(sorted(scopes))] = scopes
    return found


def _secured(requirements: Requirements) -> bool:
    return bool(requirements) and () not in requirements  # `{}` makes security optional


def _requirements(cmp: Comparison, label: str, b: Requirements, h: Requirements, ptr: str):
    for key, scopes in b.items():
        names = " + ".join(key)
        if key not in h:
            text = f"{label}: requirement `{names}` removed"
            cmp.report("OAS-SECURITY-REQUIREMENT-REMOVED", ptr, text)
            continue
        for scheme, before in scopes.items():
            after = h[key][scheme]
            if after - before:
                text = f"{label}: `{scheme}` now needs scope(s) {shown(after - before)}"
                cmp.report("OAS-SECURITY-SCOPE-ADDED", ptr, text)
            if before - after:
                text = f"{label}: `{scheme}` no longer needs scope(s) {shown(before - after)}"
                cmp.report("OAS-SECURITY-SCOPE-REMOVED", ptr, text)
    for key in h:
        if key not in b:
            text = f"{label}: new alternative requirement `{' + '.join(key)}`"
            cmp.report("OAS-SECURITY-REQUIREMENT-ADDED", ptr, text)


def compare_schemes(cmp: Comparison) -> None:
    """`components.securitySchemes`: removed, or changed in how a client authenticates."""
    base = mapping(cmp.base.data, "components", "securitySchemes")
    head = mapping(cmp.head.data, "components", "securitySchemes")
    for name, node in base.items():
        ptr = child("/components/securitySchemes", name)
        if name not in head:
            cmp.report("OAS-SECURITY-SCHEME-REMOVED", ptr, f"security scheme `{name}` removed")
            continue
        b, h = cmp.base.resolve(node, ptr)[0], cmp.head.resolve(head[name], ptr)[0]
        changed = [k for k in SCHEME_KEYS if _key(b, k) != _key(h, k)]
        changed += [f"flows/{f}" for f in _flows_changed(mapping(b, "flows"), mapping(h, "flows"))]
        if changed:
            what = ", ".join(f"`{k}`" for k in changed)
            cmp.report(
                "OAS-SECURITY-SCHEME-CHANGED", ptr, f"security scheme `{name}`: {what} changed"
            )


def _key(scheme: object, key: str) -> object:
    value = mapping(scheme).get(key)
    # HTTP authentication scheme names are case-insensitive (RFC 9110): Bearer is bearer.
    return value.lower() if key == "scheme" and isinstance(value, str) else value


def _flows_changed(base: dict, head: dict) -> list[str]:
    """The OAuth flows gone or changed: their URLs, or scopes no longer offered."""
    changed = []
    for flow, b in base.items():
        h = mapping(head, flow)
        urls = any(mapping(b).get(k) != h.get(k) for k in FLOW_KEYS)
        scopes_gone = set(mapping(b, "scopes")) - set(mapping(h, "scopes"))
        if flow not in head or urls or scopes_gone:
            changed.append(flow)
    return changed
