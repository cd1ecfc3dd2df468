"""Find the service folders of a specs folder and load their documents, keeping each one's path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.speclint.problem import Problem, pointer

MANIFEST = "service.yaml"
# Contracts nest some 20 levels deep. Every reader of a document (jsonschema, the diff, the
# checks) recurses once or more per level, and Python stops at 1000 frames: a document nested
# far deeper is refused here, as a problem naming it, instead of a RecursionError later.
MAX_DEPTH = 64


class JsonLikeLoader(yaml.SafeLoader):
    """Safe YAML read as JSON tools read it: timestamps stay strings, int keys become strings."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        return {_key(k): v for k, v in mapping.items()}


def _key(key: object) -> object:
    return str(key) if isinstance(key, int) and not isinstance(key, bool) else key


JsonLikeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(eq=False)
class Document:
    """One YAML document: its path, its data (None if unreadable) and the problems found in it."""

    path: Path
    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Loaded and valid: only such documents are cross-checked."""
        return self.data is not None and not self.problems

    def problem(self, at: str, message: str, check: str = "") -> Problem:
        """A problem located in this document."""
        return Problem(self.path, at, message, check)

    def at(self, ptr: str) -> Any:
        """The node at JSON pointer `ptr`, or None if there is none."""
        node = self.data
        for raw in ptr.split("/")[1:]:
            key = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                return None
        return node

    def resolve(self, node: Any, ptr: str) -> tuple[Any, str]:
        """Follow local `$ref`s from `node` at `ptr`: the target and its pointer."""
        for _ in range(32):  # a bound, because a ref cycle must not hang the linter
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str) or not ref.startswith("#"):
                return node, ptr
            ptr = ref[1:]
            node = self.at(ptr)
        return None, ptr


@dataclass
class Service:
    """A service folder: its manifest and the documents the manifest names."""

    folder: Path
    manifest: Document
    api: Document | None = None
    events: Document | None = None
    log_schema: Document | None = None

    @property
    def name(self) -> str:
        """The manifest's `name`, else the folder name."""
        data = self.manifest.data
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else self.folder.name


def linked_paths(manifest: Document) -> dict[str, tuple[str, Path]]:
    """The manifest's file references: pointer -> (value, path it names)."""
    data = manifest.data if isinstance(manifest.data, dict) else {}
    logging = data.get("logging")
    if not isinstance(logging, dict):
        logging = {}
    refs = {pointer("api"): data.get("api"), pointer("events"): data.get("events")}
    refs[pointer("logging", "schema")] = logging.get("schema")
    folder = manifest.path.parent
    return {p: (v, folder / v) for p, v in refs.items() if isinstance(v, str)}


class Loader:
    """Loads each file once, so a document shared by services is one `Document`."""

    def __init__(self) -> None:
        self._documents: dict[Path, Document] = {}

    def load(self, path: Path) -> Document:
        """The document at `path`; a YAML error becomes a problem with file:line."""
        key = path.resolve()
        if key not in self._documents:
            self._documents[key] = _read(path)
        return self._documents[key]

    def service(self, folder: Path) -> Service:
        """The service in `folder`, with every manifest-named file that exists."""
        service = Service(folder, self.load(folder / MANIFEST))
        names = {"/api": "api", "/events": "events", "/logging/schema": "log_schema"}
        for ptr, (_, path) in linked_paths(service.manifest).items():
            if path.is_file():
                setattr(service, names[ptr], self.load(path))
        return service

    @property
    def documents(self) -> list[Document]:
        """Every document loaded so far."""
        return list(self._documents.values())


def _read(path: Path) -> Document:
    document = Document(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=JsonLikeLoader)
        if data is None:
            document.problems.append(document.problem("", "document is empty", "DOC-YAML"))
        elif too_deep(data):
            message = f"nested more than {MAX_DEPTH} levels deep (or a recursive alias)"
            document.problems.append(document.problem("", message, "DOC-YAML"))
        else:
            document.data = data
    except yaml.YAMLError as exc:
        document.problems.append(yaml_problem(path, exc, "DOC-YAML"))
    except (OSError, UnicodeDecodeError) as exc:
        document.problems.append(document.problem("", f"cannot read file: {exc}", "DOC-YAML"))
    except RecursionError:  # PyYAML's parser recurses per level: far deeper than MAX_DEPTH
        message = f"nested more than {MAX_DEPTH} levels deep"
        document.problems.append(document.problem("", message, "DOC-YAML"))
    return document


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """True when mappings and lists nest more than `limit` levels in `data`; iterative, and each
    shared node counted once per level, so YAML aliases (even recursive ones) cannot blow up."""
    level = [data]
    for _ in range(limit):
        children = (c for node in level for c in _containers(node))
        level = list({id(c): c for c in children}.values())
        if not level:
            return False
    return True


def _containers(node: Any) -> list[Any]:
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return [v for v in values if isinstance(v, dict | list)]


def yaml_problem(path: Path, exc: yaml.YAMLError, check: str = "") -> Problem:
    """A YAML syntax error as a problem at its line and column (when PyYAML knows them)."""
    mark = getattr(exc, "problem_mark", None)
    detail = getattr(exc, "problem", None) or " ".join(str(exc).split())
    if mark is None:
        return Problem(path, "", f"YAML syntax error: {detail}", check)
    return Problem.at_line(path, mark.line + 1, mark.column + 1, "YAML syntax error", detail, check)
