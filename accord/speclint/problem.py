"""One lint finding, located by file and JSON pointer (or, for a syntax error, by line)."""

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
    """A defect at `pointer` in `file`, found by the check or validator `check`.

    A problem found before the document has a tree (a YAML syntax error) has a `position`, the
    line and column, instead of a pointer; its `message` names the place itself, for readers
    that print the message alone (`accord diff`), and `brief` is the message without it."""

    file: Path
    pointer: str
    message: str
    check: str = ""
    position: tuple[int, int] | None = None
    brief: str = ""

    @classmethod
    def at_line(
        cls, file: Path, line: int, column: int, what: str, detail: str, check: str = ""
    ) -> Problem:
        """`what` (e.g. "YAML syntax error") at line and column (1-based) of `file`."""
        message = f"{what} at {display(file)}:{line}:{column}: {detail}"
        return cls(file, "", message, check, (line, column), f"{what}: {detail}")

    def line(self) -> str:
        """The report line: `file:line:column: message`, `file:json-pointer: message`, or
        `file: message` for the document as a whole; the place is named once."""
        where = display(self.file)
        if self.position is not None:
            return f"{where}:{self.position[0]}:{self.position[1]}: {self.brief}"
        return (
            f"{where}:{self.pointer}: {self.message}"
            if self.pointer
            else f"{where}: {self.message}"
        )
