"""One lint finding, located by file and JSON pointer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def pointer(*parts: object) -> str:
    """The JSON pointer (RFC 6901) made of `parts`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def display(path: Path) -> str:
    """`path` relative to the current directory when it lies below it, else absolute."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


@dataclass(frozen=True)
class Problem:
    """A defect at `pointer` in `file`, found by the check or validator `check`."""

    file: Path
    pointer: str
    message: str
    check: str = ""

    def line(self) -> str:
        """The report line: `file:json-pointer: message`."""
        return f"{display(self.file)}:{self.pointer}: {self.message}"
