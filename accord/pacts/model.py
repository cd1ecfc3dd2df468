"""Pact files read into plain interactions: V2/V3 (`interactions`, `messages`) and V4 alike.

A pact holds concrete example values beside its matching rules; the checks judge those examples."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from accord.speclint.loader import MAX_DEPTH, too_deep

NO_BODY: Any = object()  # the interaction has no body (distinct from a JSON `null` body)


class UnusablePact(Exception):
    """The file is not a readable pact."""


@dataclass(frozen=True)
class HttpMessage:
    """One side of an HTTP interaction; header names lower-cased."""

    headers: dict[str, list[str]]
    body: Any = NO_BODY
    content_type: str | None = None


@dataclass(frozen=True)
class HttpInteraction:
    """A request the consumer sends and the response it expects."""

    description: str
    method: str
    path: str
    query: dict[str, list[str]]
    request: HttpMessage
    status: int
    response: HttpMessage


@dataclass(frozen=True)
class MessageInteraction:
    """A message the consumer expects to receive."""

    description: str
    contents: Any
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PactFile:
    """One pact: who agreed with whom, and the interactions."""

    path: Path
    consumer: str
    provider: str
    http: list[HttpInteraction]
    messages: list[MessageInteraction]


def find_pacts(target: Path) -> list[Path]:
    """The pact files at `target`: the file itself, or every `*.json` below a folder."""
    if target.is_file():
        return [target]
    if target.is_dir():
        return sorted(target.rglob("*.json"))
    raise UnusablePact(f"{target}: no such file or folder")


def load_pact(path: Path) -> PactFile:
    """Read one pact file; UnusablePact when it is not JSON or not a pact."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusablePact(f"{path}: cannot read: {exc}") from exc
    except ValueError as exc:
        raise UnusablePact(f"{path}: invalid JSON: {exc}") from exc
    except RecursionError:
        raise UnusablePact(f"{path}: nested more than {MAX_DEPTH} levels deep") from None
    if too_deep(data):  # the checks recurse once or more per level
        raise UnusablePact(f"{path}: nested more than {MAX_DEPTH} levels deep")
    try:
        consumer, provider = data["consumer"]["name"], data["provider"]["name"]
        raw = list(data.get("interactions", [])) + list(data.get("messages", []))
        http = [_http(i) for i in raw if _is_http(i)]
        messages = [_message(i) for i in raw if not _is_http(i)]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise UnusablePact(f"{path}: not a pact file ({type(exc).__name__}: {exc})") from exc
    return PactFile(path, consumer, provider, http, messages)


def _is_http(interaction: dict[str, Any]) -> bool:
    kind = interaction.get("type")
    return kind == "Synchronous/HTTP" or (kind is None and "request" in interaction)


def _http(interaction: dict[str, Any]) -> HttpInteraction:
    request, response = interaction["request"], interaction["response"]
    query = request.get("query") or {}
    if isinstance(query, str):  # pact V2
        query = parse_qs(query, keep_blank_values=True)
    return HttpInteraction(
        description=interaction["description"],
        method=request["method"].upper(),
        path=request["path"],
        query={k: [str(v) for v in _as_list(vs)] for k, vs in query.items()},
        request=_side(request),
        status=int(response.get("status", 200)),
        response=_side(response),
    )


def _message(interaction: dict[str, Any]) -> MessageInteraction:
    contents = interaction.get("contents", interaction.get("content"))
    metadata = interaction.get("metadata") or {}
    if isinstance(contents, dict) and "content" in contents and "encoded" in contents:  # V4
        content_type = contents.get("contentType") or metadata.get("contentType")
        contents = _decoded(contents["content"], contents.get("encoded"), content_type)
    return MessageInteraction(interaction["description"], contents, dict(metadata))


def _side(part: dict[str, Any]) -> HttpMessage:
    headers = {k.lower(): _header_values(v) for k, v in (part.get("headers") or {}).items()}
    content_type = headers.get("content-type", [None])[0]
    if "body" not in part:
        return HttpMessage(headers, NO_BODY, content_type)
    body = part["body"]
    if isinstance(body, dict) and "content" in body and "encoded" in body:  # V4
        content_type = body.get("contentType") or content_type
        body = _decoded(body["content"], body.get("encoded"), content_type)
    return HttpMessage(headers, body, content_type)


def _decoded(content: Any, encoded: Any, content_type: str | None) -> Any:
    if not encoded:
        return content
    raw = base64.b64decode(content) if encoded == "base64" else str(content).encode()
    if content_type and "json" in content_type:
        return json.loads(raw)
    return raw.decode("utf-8", errors="replace")


def _header_values(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
