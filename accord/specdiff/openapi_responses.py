"""OpenAPI responses: status codes, media types, bodies, headers and links."""

from __future__ import annotations

from typing import Any

from accord.specdiff.compare import Comparison, child, mapping
from accord.specdiff.mediatypes import pair, parameters_changed
from accord.specdiff.model import BREAKING, INFO, WARNING
from accord.specdiff.registry import define
from accord.specdiff.schema import Walk, compare_schema
from accord.specdiff.schemarules import REQUEST, RESPONSE

define("OAS-RESPONSE-SUCCESS-STATUS-REMOVED", BREAKING, "a 1xx-3xx response status was removed")
define("OAS-RESPONSE-ERROR-STATUS-REMOVED", WARNING, "a 4xx/5xx or `default` response was removed")
define("OAS-RESPONSE-STATUS-ADDED", INFO, "a new response status")
define("OAS-RESPONSE-MEDIA-TYPE-REMOVED", BREAKING, "a response media type is no longer produced")
define("OAS-RESPONSE-MEDIA-TYPE-ADDED", INFO, "a new response media type")
define(
    "OAS-RESPONSE-MEDIA-TYPE-PARAMETERS-CHANGED",
    WARNING,
    "a response media type's parameters changed (e.g. `charset`)",
)
define("OAS-RESPONSE-HEADER-REMOVED", BREAKING, "a response header was removed")
define("OAS-RESPONSE-HEADER-ADDED", INFO, "a new response header")
define("OAS-RESPONSE-HEADER-BECAME-OPTIONAL", BREAKING, "a response header is no longer required")
define("OAS-RESPONSE-HEADER-BECAME-REQUIRED", WARNING, "a response header became required")
define("OAS-LINK-REMOVED", BREAKING, "a response link was removed")
define("OAS-LINK-ADDED", INFO, "a new response link")
define("OAS-LINK-TARGET-CHANGED", BREAKING, "a link now leads to another operation")
define("OAS-LINK-PARAMETERS-CHANGED", WARNING, "a link passes other parameters or body")


def compare_responses(cmp: Comparison, label: str, base: tuple, head: tuple) -> None:
    """Every response of an operation present in BASE and HEAD."""
    (b_op, b_ptr), (h_op, h_ptr) = base, head
    b_all, h_all = mapping(b_op, "responses"), mapping(h_op, "responses")
    for status, node in b_all.items():
        ptr = child(b_ptr, "responses", status)
        if status not in h_all:
            success = status[:1] in "123" and status != "default"
            rule = "SUCCESS" if success else "ERROR"
            cmp.report(f"OAS-RESPONSE-{rule}-STATUS-REMOVED", ptr, f"{label}: {status} removed")
            continue
        what = f"{status} response of {label}"
        b_res = cmp.base.resolve(node, ptr)
        h_res = cmp.head.resolve(h_all[status], child(h_ptr, "responses", status))
        _compare_response(cmp, what, b_res, h_res)
    for status in h_all:
        if status not in b_all:
            ptr = child(h_ptr, "responses", status)
            cmp.report("OAS-RESPONSE-STATUS-ADDED", ptr, f"{label}: new response {status}")


def _compare_response(cmp: Comparison, what: str, base: tuple, head: tuple) -> None:
    if not isinstance(base[0], dict) or not isinstance(head[0], dict):
        return
    if not cmp.first_visit(("response", base[1], head[1])):
        return  # a shared `components/responses` entry is compared once
    compare_content(cmp, RESPONSE, what, base, head)
    _headers(cmp, what, base, head)
    _links(cmp, what, base, head)


def compare_content(cmp: Comparison, side: str, what: str, base: tuple, head: tuple) -> None:
    """Media types of a request body or a response, and the schema of each kept one."""
    (b, bp), (h, hp) = base, head
    b_content, h_content = mapping(b, "content"), mapping(h, "content")
    kind = "REQUEST" if side == REQUEST else "RESPONSE"
    pairs, gone, new = pair(b_content, h_content)
    for media in gone:
        ptr = child(bp, "content", media)
        cmp.report(f"OAS-{kind}-MEDIA-TYPE-REMOVED", ptr, f"{what}: `{media}` removed")
    for b_media, h_media in pairs:
        b_ptr, h_ptr = child(bp, "content", b_media), child(hp, "content", h_media)
        if parameters_changed(b_media, h_media):
            text = f"{what}: `{b_media}` became `{h_media}`"
            cmp.report(f"OAS-{kind}-MEDIA-TYPE-PARAMETERS-CHANGED", h_ptr, text)
        walk = Walk(cmp, side, f"{what} ({h_media})")
        b_schema = mapping(b_content[b_media]).get("schema")
        h_schema = mapping(h_content[h_media]).get("schema")
        compare_schema(walk, b_schema, child(b_ptr, "schema"), h_schema, child(h_ptr, "schema"))
    for media in new:
        ptr = child(hp, "content", media)
        cmp.report(f"OAS-{kind}-MEDIA-TYPE-ADDED", ptr, f"{what}: `{media}` added")


def _headers(cmp: Comparison, what: str, base: tuple, head: tuple) -> None:
    (b, bp), (h, hp) = base, head
    b_all = {k.lower(): (k, v) for k, v in mapping(b, "headers").items()}
    h_all = {k.lower(): (k, v) for k, v in mapping(h, "headers").items()}
    for key, (name, node) in b_all.items():
        ptr = child(bp, "headers", name)
        if key not in h_all:
            cmp.report("OAS-RESPONSE-HEADER-REMOVED", ptr, f"{what}: header `{name}` removed")
            continue
        b_node, b_at = cmp.base.resolve(node, ptr)
        h_node, h_at = cmp.head.resolve(h_all[key][1], child(hp, "headers", h_all[key][0]))
        _header_presence(cmp, f"{what}: header `{name}`", mapping(b_node), mapping(h_node), h_at)
        walk = Walk(cmp, RESPONSE, f"header `{name}` of the {what}")
        compare_schema(walk, mapping(b_node).get("schema"), child(b_at, "schema"),
                       mapping(h_node).get("schema"), child(h_at, "schema"))  # fmt: skip
    for key, (name, _) in h_all.items():
        if key not in b_all:
            ptr = child(hp, "headers", name)
            cmp.report("OAS-RESPONSE-HEADER-ADDED", ptr, f"{what}: new header `{name}`")


def _header_presence(cmp: Comparison, what: str, b: dict, h: dict, ptr: str) -> None:
    """`required` on a response header: clients that rely on it break when it goes."""
    b_req, h_req = b.get("required") is True, h.get("required") is True
    at = child(ptr, "required") if "required" in h else ptr
    if b_req and not h_req:
        cmp.report("OAS-RESPONSE-HEADER-BECAME-OPTIONAL", at, f"{what} is no longer required")
    elif h_req and not b_req:
        cmp.report("OAS-RESPONSE-HEADER-BECAME-REQUIRED", at, f"{what} became required")


def _links(cmp: Comparison, what: str, base: tuple, head: tuple) -> None:
    (b, bp), (h, hp) = base, head
    b_links, h_links = mapping(b, "links"), mapping(h, "links")
    for name, node in b_links.items():
        if name not in h_links:
            ptr = child(bp, "links", name)
            cmp.report("OAS-LINK-REMOVED", ptr, f"{what}: link `{name}` removed")
            continue
        b_link = cmp.base.resolve(node, child(bp, "links", name))[0]
        h_link, ptr = cmp.head.resolve(h_links[name], child(hp, "links", name))
        _link(cmp, f"{what}: link `{name}`", mapping(b_link), mapping(h_link), ptr)
    for name in h_links:
        if name not in b_links:
            ptr = child(hp, "links", name)
            cmp.report("OAS-LINK-ADDED", ptr, f"{what}: new link `{name}`")


def _link(cmp: Comparison, what: str, b: dict[str, Any], h: dict[str, Any], ptr: str) -> None:
    for key in ("operationId", "operationRef"):
        if b.get(key) != h.get(key):
            text = f"{what}: `{key}` {b.get(key)} became {h.get(key)}"
            cmp.report("OAS-LINK-TARGET-CHANGED", child(ptr, key), text)
    for key in ("parameters", "requestBody"):
        if b.get(key) != h.get(key):
            cmp.report("OAS-LINK-PARAMETERS-CHANGED", child(ptr, key), f"{what}: `{key}` changed")
