"""Local `$ref` resolution for the suite's own reading of the specs (OpenAPI and AsyncAPI alike)."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 40


def resolve(node: Any, root: dict[str, Any], depth: int = 0) -> Any:
    """`node` with every local `$ref` (`#/...`) replaced by what it points at."""
    if depth > MAX_DEPTH:  # a recursive schema: stop expanding, validation stays permissive
        return {}
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            return resolve(_pointer(root, ref), root, depth + 1)
        return {k: resolve(v, root, depth + 1) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, root, depth + 1) for v in node]
    return node


def _pointer(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node
