"""Line and column of a JSON pointer in a YAML file, from the node marks of PyYAML's composer.

Annotations and SARIF results point at the changed node in HEAD: a mapping entry at its key, a
list item at its start. A pointer HEAD lacks (something removed, reported at its place in BASE)
points at its nearest ancestor that HEAD has.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from accord.speclint.loader import MAX_DEPTH
from accord.speclint.problem import pointer

Position = tuple[int, int]  # line and column, both counted from 1
MAX_NODES = 200_000  # aliases may repeat a subtree many times over: positions stop there


def position(path: Path, ptr: str) -> Position | None:
    """Where `ptr` (or its nearest ancestor present) starts in the YAML file at `path`."""
    try:
        stat = path.stat()
    except OSError:
        return None
    marks = _marks(str(path), stat.st_mtime_ns, stat.st_size)
    parts = ptr.split("/")[1:] if ptr else []
    while True:
        found = marks.get("".join("/" + p for p in parts))
        if found is not None or not parts:
            return found
        parts.pop()


@lru_cache(maxsize=64)
def _marks(path: str, _mtime: int, _size: int) -> dict[str, Position]:
    """Every pointer of the file and where its node starts (empty when it cannot be read)."""
    try:
        root = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, RecursionError, yaml.YAMLError):
        return {}
    if root is None:
        return {}
    marks: dict[str, Position] = {"": _at(root)}
    stack: list[tuple[str, yaml.Node, int]] = [("", root, 0)]
    while stack and len(marks) < MAX_NODES:
        ptr, node, depth = stack.pop()
        if depth >= MAX_DEPTH:
            continue
        for key, mark_node, child in _children(node):
            at = ptr + pointer(key)
            marks.setdefault(at, _at(mark_node))
            stack.append((at, child, depth + 1))
    return marks


def _children(node: yaml.Node) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """(key, the node whose mark locates the entry, the value) of a mapping or a sequence."""
    if isinstance(node, yaml.MappingNode):
        return [(k.value, k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
    if isinstance(node, yaml.SequenceNode):
        return [(str(i), item, item) for i, item in enumerate(node.value)]
    return []


def _at(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1
