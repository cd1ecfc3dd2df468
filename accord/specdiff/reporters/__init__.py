"""Report formats: each a function from one `GateResult` to text, independent of the others."""

from __future__ import annotations

from collections.abc import Callable

from accord.specdiff.model import GateResult
from accord.specdiff.reporters import changelog, github, jsonreport, junit, markdown, sarif, text

FORMATS: dict[str, Callable[[GateResult], str]] = {
    "text": text.render,
    "json": jsonreport.render,
    "markdown": markdown.render,
    "junit": junit.render,
    "github": github.render,
    "sarif": sarif.render,
    "changelog": changelog.render,
}
