"""LINT-008: the flows beside the services are Arazzo 1.1 the engine can run on these specs."""

from __future__ import annotations

from collections.abc import Iterator

from accord.speclint.flows import flow_files, lint_flow
from accord.speclint.loader import Service
from accord.speclint.problem import Problem
from accord.speclint.registry import check


@check(
    "LINT-008",
    "flows/*.arazzo.yaml: valid Arazzo 1.1; steps name operations and channels of these specs; "
    "runtime expressions, conditions, $steps references and dependsOn well formed; only "
    "features the engine runs",
    between_services=True,
)
def flows_valid(services: list[Service]) -> Iterator[Problem]:
    """Lint every flow under the services' common folder (`<root>/flows`), once the services'
    own documents are valid (their problems are reported by the document checks)."""
    documents = [d for s in services for d in (s.manifest, s.api, s.events) if d is not None]
    if not services or not all(d.ok for d in documents):
        return
    roots = {service.folder.resolve().parent for service in services}
    specs = {service.name: service.folder for service in services}
    for root in sorted(roots):
        for path in flow_files(root):
            yield from lint_flow(path, specs)
