"""LINT-001: the files a manifest names exist."""

from __future__ import annotations

from collections.abc import Iterator

from accord.speclint.loader import Service, linked_paths
from accord.speclint.problem import Problem
from accord.speclint.registry import check


@check("LINT-001", "service.yaml: api, events and logging.schema name existing files")
def manifest_paths_resolve(services: list[Service]) -> Iterator[Problem]:
    """Each file reference of each manifest resolves, relative to the manifest's folder."""
    for service in services:
        for at, (value, path) in linked_paths(service.manifest).items():
            if not path.is_file():
                yield service.manifest.problem(at, f"{value!r} does not resolve to a file")
