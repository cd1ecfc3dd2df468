"""Message payload schemas read from an AsyncAPI 2.x document: from specs/, never a copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_MAX_DEPTH = 50


def payload_schemas(asyncapi_path: str | Path) -> dict[str, dict[str, Any]]:
    """Map each channel (= event type) to its message payload schema, with every $ref inlined."""
    path = Path(asyncapi_path).resolve()
    document = _load(path)
    resolver = _Resolver(path, document)
    schemas: dict[str, dict[str, Any]] = {}
    for channel, item in (document.get("channels") or {}).items():
        payloads = [
            resolver.inline(message.get("payload", {}))
            for operation in ("publish", "subscribe")
            if operation in item
            for message in _messages(resolver.inline(item[operation].get("message", {})))
        ]
        if payloads:
            schemas[channel] = payloads[0] if len(payloads) == 1 else {"anyOf": payloads}
    return schemas


def subscribed_channels(asyncapi_path: str | Path) -> list[str]:
    """The channels (= event types) the application receives: AsyncAPI 2 `subscribe` operations."""
    channels = _load(Path(asyncapi_path).resolve()).get("channels") or {}
    return sorted(name for name, item in channels.items() if "subscribe" in item)


def _messages(message: dict[str, Any]) -> list[dict[str, Any]]:
    return list(message["oneOf"]) if "oneOf" in message else [message]


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class _Resolver:
    """Inlines local (`#/...`) and relative-file (`other.yaml#/...`) references."""

    def __init__(self, path: Path, document: Any) -> None:
        self._documents = {path: document}
        self._base = path

    def inline(self, node: Any, base: Path | None = None, depth: int = 0) -> Any:
        base = base or self._base
        if depth > _MAX_DEPTH:
            raise ValueError(f"$ref nesting deeper than {_MAX_DEPTH} in {self._base}")
        if isinstance(node, list):
            return [self.inline(item, base, depth + 1) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            target, target_base = self._follow(node["$ref"], base)
            return self.inline(target, target_base, depth + 1)
        return {key: self.inline(value, base, depth + 1) for key, value in node.items()}

    def _follow(self, ref: str, base: Path) -> tuple[Any, Path]:
        file_part, _, pointer = ref.partition("#")
        path = (base.parent / file_part).resolve() if file_part else base
        if path not in self._documents:
            self._documents[path] = _load(path)
        node = self._documents[path]
        for token in filter(None, pointer.split("/")):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node, path
