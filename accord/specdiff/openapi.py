"""OpenAPI 3.0: paths, operations, parameters and request bodies (responses and security apart)."""

from __future__ import annotations

import re

from accord.openapi_paths import METHODS
from accord.specdiff.compare import Comparison, child, mapping
from accord.specdiff.model import BREAKING, INFO, WARNING
from accord.specdiff.openapi_responses import compare_content, compare_responses
from accord.specdiff.openapi_security import compare_operation_security, compare_schemes
from accord.specdiff.registry import define
from accord.specdiff.schema import Walk, compare_schema
from accord.specdiff.schemarules import REQUEST

define("OAS-VERSION-CHANGED", INFO, "`info.version` changed")
define("OAS-PATH-REMOVED", BREAKING, "a path and all its operations were removed")
define("OAS-OPERATION-REMOVED", BREAKING, "an operation was removed")
define("OAS-OPERATION-ADDED", INFO, "a new operation")
define("OAS-OPERATION-ID-CHANGED", WARNING, "the `operationId` changed (generated clients, links)")
define("OAS-PARAMETER-REQUIRED-ADDED", BREAKING, "a new required parameter")
define("OAS-PARAMETER-OPTIONAL-ADDED", INFO, "a new optional parameter")
define("OAS-PARAMETER-REMOVED", WARNING, "a parameter was removed (clients may still send it)")
define("OAS-PARAMETER-BECAME-REQUIRED", BREAKING, "an optional parameter became required")
define("OAS-PARAMETER-BECAME-OPTIONAL", INFO, "a required parameter became optional")
define("OAS-PARAMETER-DEFAULT-CHANGED", BREAKING, "a parameter's `default` changed or was removed")
define("OAS-REQUEST-BODY-ADDED-REQUIRED", BREAKING, "a required request body was added")
define("OAS-REQUEST-BODY-ADDED-OPTIONAL", INFO, "an optional request body was added")
define("OAS-REQUEST-BODY-REMOVED", WARNING, "the request body was removed")
define("OAS-REQUEST-BODY-BECAME-REQUIRED", BREAKING, "the request body became required")
define("OAS-REQUEST-BODY-BECAME-OPTIONAL", INFO, "the request body became optional")
define("OAS-REQUEST-MEDIA-TYPE-REMOVED", BREAKING, "a request media type is no longer accepted")
define("OAS-REQUEST-MEDIA-TYPE-ADDED", INFO, "a new request media type is accepted")
define(
    "OAS-REQUEST-MEDIA-TYPE-PARAMETERS-CHANGED",
    WARNING,
    "a request media type's parameters changed (e.g. `charset`)",
)


def compare_openapi(cmp: Comparison) -> None:
    """Every change between two OpenAPI documents."""
    bv, hv = (
        mapping(cmp.base.data, "info").get("version"),
        mapping(cmp.head.data, "info").get("version"),
    )
    if bv != hv:
        cmp.report("OAS-VERSION-CHANGED", "/info/version", f"API version {bv} became {hv}")
    b_paths, h_paths = _paths(cmp.base.data), _paths(cmp.head.data)
    for key, (path, item) in b_paths.items():
        if key not in h_paths:
            cmp.report("OAS-PATH-REMOVED", child("/paths", path), f"path {path} removed")
        else:
            _compare_path(cmp, path, item, *h_paths[key])
    for key, (path, item) in h_paths.items():
        if key not in b_paths:
            for method in (m for m in METHODS if m in item):
                _added(cmp, method, path)
    compare_schemes(cmp)


def _paths(data: object) -> dict[str, tuple[str, dict]]:
    """Paths keyed by their template with parameter names erased (`/orders/{}`)."""
    paths = mapping(data, "paths")
    return {re.sub(r"\{[^}]*\}", "{}", p): (p, v) for p, v in paths.items() if isinstance(v, dict)}


def _added(cmp: Comparison, method: str, path: str) -> None:
    ptr = child("/paths", path, method)
    cmp.report("OAS-OPERATION-ADDED", ptr, f"new operation {method.upper()} {path}")


def _compare_path(cmp: Comparison, b_path: str, b_item: dict, h_path: str, h_item: dict) -> None:
    for method in METHODS:
        label = f"{method.upper()} {h_path}"
        if method in b_item and method not in h_item:
            cmp.report("OAS-OPERATION-REMOVED", child("/paths", b_path, method), f"{label} removed")
        elif method in h_item and method not in b_item:
            _added(cmp, method, h_path)
        elif method in b_item:
            op = Operation(cmp, label, (b_path, b_item), (h_path, h_item), method)
            op.compare()


class Operation:
    """One operation present in BASE and HEAD."""

    def __init__(self, cmp: Comparison, label: str, base: tuple, head: tuple, method: str) -> None:
        self.cmp, self.label, self.method = cmp, label, method
        (self.b_path, self.b_item), (self.h_path, self.h_item) = base, head
        self.b_ptr, self.h_ptr = (
            child("/paths", self.b_path, method),
            child("/paths", self.h_path, method),
        )
        self.b_op, self.h_op = mapping(self.b_item, method), mapping(self.h_item, method)

    def compare(self) -> None:
        """Report the operation's changes."""
        b_id, h_id = self.b_op.get("operationId"), self.h_op.get("operationId")
        if b_id != h_id:
            ptr = child(self.h_ptr, "operationId")
            self.cmp.report(
                "OAS-OPERATION-ID-CHANGED", ptr, f"{self.label}: `{b_id}` became `{h_id}`"
            )
        self._parameters()
        self._request_body()
        compare_responses(self.cmp, self.label, (self.b_op, self.b_ptr), (self.h_op, self.h_ptr))
        compare_operation_security(
            self.cmp, self.label, (self.b_op, self.b_ptr), (self.h_op, self.h_ptr)
        )

    def _parameters(self) -> None:
        base = _parameters(self.cmp.base, self.b_item, self.b_path, self.method)
        head = _parameters(self.cmp.head, self.h_item, self.h_path, self.method)
        for key, (node, ptr) in base.items():
            what = f"parameter `{node['name']}` ({key[0]}) of {self.label}"
            if key not in head:
                self.cmp.report("OAS-PARAMETER-REMOVED", ptr, f"{what} removed")
            else:
                self._parameter(what, node, ptr, *head[key])
        for key, (node, ptr) in head.items():
            if key not in base:
                kind = "REQUIRED" if node.get("required") is True else "OPTIONAL"
                what = f"new {kind.lower()} parameter `{node['name']}` ({key[0]}) of {self.label}"
                self.cmp.report(f"OAS-PARAMETER-{kind}-ADDED", ptr, what)

    def _parameter(self, what: str, b: dict, bp: str, h: dict, hp: str) -> None:
        b_req, h_req = b.get("required") is True, h.get("required") is True
        if h_req and not b_req:
            self.cmp.report("OAS-PARAMETER-BECAME-REQUIRED", hp, f"{what} became required")
        elif b_req and not h_req:
            self.cmp.report("OAS-PARAMETER-BECAME-OPTIONAL", hp, f"{what} became optional")
        walk = Walk(self.cmp, REQUEST, what, root_default="OAS-PARAMETER-DEFAULT-CHANGED")
        compare_schema(
            walk, b.get("schema"), child(bp, "schema"), h.get("schema"), child(hp, "schema")
        )

    def _request_body(self) -> None:
        b, bp = self.cmp.base.resolve(
            self.b_op.get("requestBody"), child(self.b_ptr, "requestBody")
        )
        h, hp = self.cmp.head.resolve(
            self.h_op.get("requestBody"), child(self.h_ptr, "requestBody")
        )
        b_req, h_req = mapping(b).get("required") is True, mapping(h).get("required") is True
        what = f"request body of {self.label}"
        if not isinstance(b, dict) or not isinstance(h, dict):
            if isinstance(h, dict):
                kind = "REQUIRED" if h_req else "OPTIONAL"
                self.cmp.report(f"OAS-REQUEST-BODY-ADDED-{kind}", hp, f"new {kind.lower()} {what}")
            elif isinstance(b, dict):
                self.cmp.report("OAS-REQUEST-BODY-REMOVED", bp, f"{what} removed")
            return
        if h_req != b_req:
            kind = "REQUIRED" if h_req else "OPTIONAL"
            self.cmp.report(f"OAS-REQUEST-BODY-BECAME-{kind}", hp, f"{what} became {kind.lower()}")
        compare_content(self.cmp, REQUEST, what, (b, bp), (h, hp))


def _parameters(doc, item: dict, path: str, method: str) -> dict[tuple[str, str], tuple[dict, str]]:
    """The effective parameters of an operation: (in, name) -> (resolved node, pointer of use)."""
    found: dict[tuple[str, str], tuple[dict, str]] = {}
    for owner, ptr in (
        (item, child("/paths", path)),
        (mapping(item, method), child("/paths", path, method)),
    ):
        params = owner.get("parameters") if isinstance(owner.get("parameters"), list) else []
        for i, raw in enumerate(params):
            node, where = doc.resolve(raw, child(ptr, "parameters", i))
            if isinstance(node, dict) and isinstance(node.get("name"), str):
                found[_parameter_key(node, path)] = (node, where)
    return found


def _parameter_key(node: dict, path: str) -> tuple[str, str]:
    """(in, name); header names ignore case, path parameters match by position in the template."""
    where, name = str(node.get("in")), node["name"]
    template = re.findall(r"\{([^}]*)\}", path)
    if where == "path" and name in template:
        return where, f"#{template.index(name)}"
    return where, name.lower() if where == "header" else name
