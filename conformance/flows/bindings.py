"""What a step calls: an OpenAPI operation of a target service, or an AsyncAPI channel.

`operationId` (bare or `$sourceDescriptions.<name>.<id>`), `operationPath` and `channelPath`
(`{$sourceDescriptions.<name>.url}#/<json pointer>`) are resolved against the specs the target
names for the bound service, so a flow judges the candidate by the candidate's own contracts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from conformance import openapi
from conformance.flows.document import FlowDocument, Source, Step
from conformance.observations import Operation
from conformance.probes.contracts import events_document
from conformance.refs import resolve
from conformance.registry import Declared

SOURCE_URL = re.compile(r"^\{\$sourceDescriptions\.([A-Za-z0-9_\-]+)\.url\}#(/.*)$")
SOURCE_ID = re.compile(r"^\$sourceDescriptions\.([A-Za-z0-9_\-]+)\.(.+)$")


class BindingError(ValueError):
    """A step names an operation or channel its sources do not have (lint reports it)."""


@dataclass(frozen=True)
class HttpBinding:
    service: str
    operation: Operation


@dataclass(frozen=True)
class ChannelBinding:
    service: str
    channel: str
    correlation: str | None  # the message's correlationId location, e.g. $message.payload#/subject
    payload: dict[str, Any] | None  # the message's payload schema (dereferenced)


def bind(step: Step, document: FlowDocument, specs: dict[str, Any]) -> HttpBinding | ChannelBinding:
    """The operation or channel of `step`; `specs` maps service -> its specs folder (the target).

    Declared when the target does not name the bound service; BindingError when the sources
    have no such operation or channel."""
    raw = step.raw
    if "workflowId" in raw:
        raise BindingError(f"{step.label}: workflow steps are not supported by the engine yet")
    if "channelPath" in raw or raw.get("action"):
        return _channel(step, document, specs)
    return _http(step, document, specs)


def _service_folder(source: Source, specs: dict[str, Any], step: Step) -> Any:
    if source.service not in specs:
        raise Declared(f"the target names no {source.service} service (step {step.label})")
    return specs[source.service]


def _http(step: Step, document: FlowDocument, specs: dict[str, Any]) -> HttpBinding:
    raw = step.raw
    if "operationPath" in raw:
        source, pointer = _source_pointer(raw["operationPath"], document, step)
        tokens = _tokens(pointer)
        if len(tokens) != 3 or tokens[0] != "paths":
            raise BindingError(f"{step.label}: operationPath must point at /paths/<path>/<method>")
        folder = _service_folder(source, specs, step)
        for op in openapi.operations(source.service, folder):
            if (op.path, op.method.lower()) == (tokens[1], tokens[2].lower()):
                return HttpBinding(source.service, op)
        raise BindingError(f"{step.label}: {source.service} has no operation at {pointer}")
    if "operationId" not in raw:
        raise BindingError(f"{step.label}: a step needs operationId, operationPath or channelPath")
    candidates = _sources_for(raw["operationId"], document, "openapi", step)
    for source, operation_id in candidates:
        folder = _service_folder(source, specs, step)
        for op in openapi.operations(source.service, folder):
            if op.operation_id == operation_id:
                return HttpBinding(source.service, op)
    raise BindingError(f"{step.label}: no OpenAPI source has operation {raw['operationId']!r}")


def _channel(step: Step, document: FlowDocument, specs: dict[str, Any]) -> ChannelBinding:
    raw = step.raw
    if "channelPath" in raw:
        source, pointer = _source_pointer(raw["channelPath"], document, step)
        tokens = _tokens(pointer)
        if len(tokens) != 2 or tokens[0] != "channels":
            raise BindingError(f"{step.label}: channelPath must point at /channels/<channel>")
        events = events_document(_service_folder(source, specs, step))
        if tokens[1] not in (events.get("channels") or {}):
            raise BindingError(f"{step.label}: {source.service} has no channel {tokens[1]!r}")
        return _channel_binding(source.service, tokens[1], events)
    candidates = _sources_for(str(raw.get("operationId", "")), document, "asyncapi", step)
    for source, operation_id in candidates:
        events = events_document(_service_folder(source, specs, step))
        for name, channel in (events.get("channels") or {}).items():
            ops = [(channel or {}).get(k) or {} for k in ("publish", "subscribe")]
            if any(op.get("operationId") == operation_id for op in ops):
                return _channel_binding(source.service, name, events)
    raise BindingError(f"{step.label}: no AsyncAPI source has operation {raw.get('operationId')!r}")


def _channel_binding(service: str, channel: str, events: dict[str, Any]) -> ChannelBinding:
    """The channel's message as the service publishes it (else subscribes to it)."""
    item = events["channels"][channel] or {}
    operation = item.get("publish") or item.get("subscribe") or {}
    message = resolve(operation.get("message"), events) or {}
    correlation = resolve(message.get("correlationId"), events) or {}
    payload = message.get("payload") if isinstance(message.get("payload"), dict) else None
    return ChannelBinding(service, channel, correlation.get("location"), payload)


def _source_pointer(text: str, document: FlowDocument, step: Step) -> tuple[Source, str]:
    match = SOURCE_URL.match(str(text))
    if match is None:
        raise BindingError(f"{step.label}: {text!r} is not '{{$sourceDescriptions.<name>.url}}#/…'")
    name, pointer = match.groups()
    if name not in document.sources:
        raise BindingError(f"{step.label}: no source description named {name!r}")
    return document.sources[name], pointer


def _sources_for(
    text: str, document: FlowDocument, kind: str, step: Step
) -> list[tuple[Source, str]]:
    match = SOURCE_ID.match(text)
    if match is not None:
        name, operation_id = match.groups()
        if name not in document.sources:
            raise BindingError(f"{step.label}: no source description named {name!r}")
        return [(document.sources[name], operation_id)]
    return [(s, text) for s in document.sources.values() if s.type == kind]


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
