"""AsyncAPI 2.x: channels, publish/subscribe operations, messages, payloads and bindings.

A message the service publishes is judged like a response (its subscribers read it); a message it
subscribes to like a request (its publishers write it, the service must keep accepting it).
"""

from __future__ import annotations

import json
from typing import Any

from accord.specdiff.compare import Comparison, child, mapping
from accord.specdiff.mediatypes import essence, parameters_changed
from accord.specdiff.model import BREAKING, INFO, WARNING
from accord.specdiff.registry import define
from accord.specdiff.schema import Walk, compare_schema
from accord.specdiff.schemarules import REQUEST, RESPONSE

define("AAS-VERSION-CHANGED", INFO, "`info.version` changed")
define("AAS-CHANNEL-REMOVED", BREAKING, "a channel the service publishes on was removed")
define(
    "AAS-SUBSCRIBED-CHANNEL-REMOVED",
    WARNING,
    "a channel the service only consumed (no `publish`) was removed",
)
define("AAS-CHANNEL-ADDED", INFO, "a new channel")
define("AAS-PUBLISH-REMOVED", BREAKING, "the service no longer publishes on a channel")
define("AAS-SUBSCRIBE-REMOVED", WARNING, "the service no longer consumes a channel")
define("AAS-OPERATION-ADDED", INFO, "a new publish or subscribe operation")
define("AAS-OPERATION-ID-CHANGED", WARNING, "an operation's `operationId` changed")
define("AAS-MESSAGE-REMOVED", BREAKING, "a message was removed from an operation")
define("AAS-MESSAGE-ADDED", INFO, "a new message the service accepts on a `subscribe`")
define(
    "AAS-PUBLISHED-MESSAGE-ADDED",
    BREAKING,
    "a `publish` may carry another message (its subscribers must handle it)",
)
define("AAS-CONTENT-TYPE-CHANGED", BREAKING, "a message's content type changed")
define(
    "AAS-CONTENT-TYPE-PARAMETERS-CHANGED",
    WARNING,
    "a message's content type parameters changed (e.g. `charset`)",
)
define("AAS-BINDING-REMOVED", BREAKING, "a protocol binding was removed")
define("AAS-BINDING-ADDED", INFO, "a new protocol binding")
define("AAS-BINDING-EXCHANGE-CHANGED", BREAKING, "the exchange or queue a channel uses changed")
define("AAS-BINDING-ROUTING-KEY-CHANGED", BREAKING, "the routing keys of an operation changed")
define("AAS-BINDING-MESSAGE-TYPE-CHANGED", BREAKING, "a message binding's `messageType` changed")
define("AAS-BINDING-CHANGED", WARNING, "another binding field changed (durability, delivery...)")

BINDING_RULES = {
    "exchange/name": "EXCHANGE",
    "exchange/type": "EXCHANGE",
    "exchange/vhost": "EXCHANGE",
    "is": "EXCHANGE",
    "queue/name": "EXCHANGE",
    "cc": "ROUTING-KEY",
    "bcc": "ROUTING-KEY",
    "routingKey": "ROUTING-KEY",
    "messageType": "MESSAGE-TYPE",
}
OPERATIONS = {"publish": ("PUBLISH", RESPONSE), "subscribe": ("SUBSCRIBE", REQUEST)}


def compare_asyncapi(cmp: Comparison) -> None:
    """Every change between two AsyncAPI 2.x documents."""
    bv, hv = (
        mapping(cmp.base.data, "info").get("version"),
        mapping(cmp.head.data, "info").get("version"),
    )
    if bv != hv:
        cmp.report("AAS-VERSION-CHANGED", "/info/version", f"events version {bv} became {hv}")
    base, head = mapping(cmp.base.data, "channels"), mapping(cmp.head.data, "channels")
    for name, channel in base.items():
        ptr = child("/channels", name)
        if name not in head:
            _channel_removed(cmp, name, channel, ptr)
            continue
        compare_bindings(cmp, f"channel `{name}`", (channel, ptr), (head[name], ptr))
        for op in OPERATIONS:
            _operation(cmp, name, op, mapping(channel, op), mapping(head[name], op))
    for name in head:
        if name not in base:
            cmp.report("AAS-CHANNEL-ADDED", child("/channels", name), f"new channel `{name}`")


def _channel_removed(cmp: Comparison, name: str, channel: object, ptr: str) -> None:
    # Subscribers lose the events of a channel the service published on; a channel it only
    # consumed is a subscription removed (publishers are unaffected, see AAS-SUBSCRIBE-REMOVED).
    if mapping(channel, "publish"):
        cmp.report("AAS-CHANNEL-REMOVED", ptr, f"channel `{name}` removed")
    else:
        text = f"channel `{name}` removed (the service only consumed it)"
        cmp.report("AAS-SUBSCRIBED-CHANNEL-REMOVED", ptr, text)


def _operation(cmp: Comparison, channel: str, op: str, b: dict, h: dict) -> None:
    ptr, (kind, side) = child("/channels", channel, op), OPERATIONS[op]
    if b and not h:
        cmp.report(f"AAS-{kind}-REMOVED", ptr, f"`{op}` removed from channel `{channel}`")
    elif h and not b:
        cmp.report("AAS-OPERATION-ADDED", ptr, f"new `{op}` on channel `{channel}`")
    elif b and h:
        what = f"`{op}` of channel `{channel}`"
        if b.get("operationId") != h.get("operationId"):
            text = f"{what}: `{b.get('operationId')}` became `{h.get('operationId')}`"
            cmp.report("AAS-OPERATION-ID-CHANGED", child(ptr, "operationId"), text)
        compare_bindings(cmp, what, (b, ptr), (h, ptr))
        _messages(cmp, Walk(cmp, side, f"message on {what}"), (b, ptr), (h, ptr))


def _messages(cmp: Comparison, walk: Walk, base: tuple, head: tuple) -> None:
    b_all, h_all = _keyed_messages(cmp.base, *base), _keyed_messages(cmp.head, *head)
    for key, (node, ptr) in b_all.items():
        if key not in h_all:
            cmp.report("AAS-MESSAGE-REMOVED", ptr, f"{walk.where}: message `{key}` removed")
        else:
            _message(walk, key, (node, ptr), h_all[key])
    # A published message is a response: a new one is a `oneOf` branch its subscribers never saw.
    added = "AAS-PUBLISHED-MESSAGE-ADDED" if walk.side == RESPONSE else "AAS-MESSAGE-ADDED"
    for key, (_, ptr) in h_all.items():
        if key not in b_all:
            cmp.report(added, ptr, f"{walk.where}: new message `{key}`")


def _keyed_messages(doc, op: dict, ptr: str) -> dict[str, tuple[dict, str]]:
    """An operation's messages (one, or `oneOf`), resolved, keyed by name."""
    raw, at = op.get("message"), child(ptr, "message")
    node, _ = doc.resolve(raw, at)
    options = (
        [(m, child(at, "oneOf", i)) for i, m in enumerate(node.get("oneOf") or [])]
        if (isinstance(node, dict) and isinstance(node.get("oneOf"), list))
        else [(raw, at)]
    )
    found = {}
    for i, (option, option_ptr) in enumerate(options):
        message, message_ptr = doc.resolve(option, option_ptr)
        if isinstance(message, dict):
            key = message.get("name") or message.get("messageId") or message_ptr.rsplit("/")[-1]
            found[str(key or i)] = (message, message_ptr)
    return found


def _message(walk: Walk, key: str, base: tuple, head: tuple) -> None:
    cmp, (b, bp), (h, hp) = walk.cmp, base, head
    if not cmp.first_visit((walk.side, bp, hp)):
        return
    b_type, h_type = _content_type(cmp.base.data, b), _content_type(cmp.head.data, h)
    rule_id = content_type_rule(b_type, h_type)
    if rule_id:
        ptr = child(hp, "contentType") if "contentType" in h else "/defaultContentType"
        text = f"message `{key}`: content type `{b_type}` became `{h_type}`"
        cmp.report(rule_id, ptr, text)
    for part in ("payload", "headers"):
        sub = Walk(cmp, walk.side, f"{walk.where}, message `{key}` {part}")
        compare_schema(sub, b.get(part), child(bp, part), h.get(part), child(hp, part))
    compare_bindings(cmp, f"message `{key}`", (b, bp), (h, hp))


def _content_type(data: Any, message: dict) -> Any:
    return message.get("contentType") or mapping(data).get("defaultContentType")


def content_type_rule(before: Any, after: Any) -> str | None:
    """The rule for a content type that changed: another `type/subtype`, or other parameters."""
    if before == after:
        return None
    if isinstance(before, str) and isinstance(after, str) and essence(before) == essence(after):
        if not parameters_changed(before, after):
            return None
        return "AAS-CONTENT-TYPE-PARAMETERS-CHANGED"
    return "AAS-CONTENT-TYPE-CHANGED"


def compare_bindings(cmp: Comparison, what: str, base: tuple, head: tuple) -> None:
    """The `bindings` of a channel, operation or message, field by field."""
    (b, bp), (h, hp) = base, head
    b_all, h_all = mapping(b, "bindings"), mapping(h, "bindings")
    for protocol in sorted(set(b_all) | set(h_all)):
        ptr = child(hp, "bindings", protocol)
        if protocol not in h_all:
            text = f"{what}: `{protocol}` binding removed"
            cmp.report("AAS-BINDING-REMOVED", child(bp, "bindings", protocol), text)
        elif protocol not in b_all:
            cmp.report("AAS-BINDING-ADDED", ptr, f"{what}: new `{protocol}` binding")
        else:
            _binding_fields(cmp, what, _leaves(b_all[protocol]), _leaves(h_all[protocol]), ptr)


def _binding_fields(cmp: Comparison, what: str, b: dict, h: dict, ptr: str) -> None:
    for field in sorted(set(b) | set(h)):
        if b.get(field) != h.get(field):
            rule = BINDING_RULES.get(field)
            rule_id = f"AAS-BINDING-{rule}-CHANGED" if rule else "AAS-BINDING-CHANGED"
            if field == "contentType":
                rule_id = content_type_rule(b.get(field), h.get(field)) or ""
            if not rule_id:
                continue
            text = f"{what}: binding `{field}` {_json(b.get(field))} became {_json(h.get(field))}"
            cmp.report(rule_id, f"{ptr}/{field}", text)


def _leaves(node: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(node, dict):
        return {prefix: node}
    found: dict[str, Any] = {}
    for key, value in node.items():
        found.update(_leaves(value, f"{prefix}/{key}" if prefix else str(key)))
    return found


def _json(value: Any) -> str:
    return json.dumps(value) if value is not None else "(none)"
