"""Arazzo 1.1 documents as the engine reads them: sources bound to services, workflows, steps.

A source description names an OpenAPI or AsyncAPI document; the engine binds it to one of the
target's services by its `x-accord-service` field, else by the name of the folder holding the
document (`../orders/openapi.yaml` is the `orders` service), and then reads the operations and
channels from the specs the *target* names for that service. So one flow judges any deployment
whose services carry those names, whatever folder their specs live in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from conformance.registry import SetupFailed

SERVICE_FIELD = "x-accord-service"
LOGS_FIELD = "x-accord-logs"  # per HTTP step: {service: [lifecycle event, ...]} it must cause
ABSENT_FIELD = "x-accord-absent"  # per receive step: true = no correlated message may arrive


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    type: str  # openapi | asyncapi | arazzo
    service: str


@dataclass(frozen=True)
class Step:
    workflow: str
    id: str
    raw: dict[str, Any]

    @property
    def action(self) -> str | None:
        """send | receive for AsyncAPI steps, None for HTTP and workflow steps."""
        return self.raw.get("action")

    @property
    def timeout(self) -> float | None:
        """Seconds (the document says milliseconds)."""
        value = self.raw.get("timeout")
        return None if value is None else value / 1000

    @property
    def logs(self) -> dict[str, tuple[str, ...]]:
        return {s: tuple(e) for s, e in (self.raw.get(LOGS_FIELD) or {}).items()}

    @property
    def absent(self) -> bool:
        return bool(self.raw.get(ABSENT_FIELD))

    @property
    def label(self) -> str:
        return f"{self.workflow}.{self.id}"


@dataclass(frozen=True)
class Workflow:
    id: str
    raw: dict[str, Any]
    steps: tuple[Step, ...]
    document: FlowDocument = field(repr=False, compare=False)

    @property
    def summary(self) -> str:
        return str(self.raw.get("summary") or self.raw.get("description") or self.id)

    def default_inputs(self) -> dict[str, Any]:
        """The inputs' schema defaults: what a run uses unless told otherwise."""
        properties = (self.raw.get("inputs") or {}).get("properties") or {}
        return {k: v["default"] for k, v in properties.items() if "default" in v}


@dataclass
class FlowDocument:
    path: Path
    raw: dict[str, Any]
    sources: dict[str, Source] = field(default_factory=dict)
    workflows: dict[str, Workflow] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".yaml").removesuffix(".arazzo")


def load(path: Path) -> FlowDocument:
    """Read one Arazzo document; SetupFailed when it cannot be read."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SetupFailed(f"cannot read flow {path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("workflows"), list):
        raise SetupFailed(f"{path} is not an Arazzo document (no workflows)")
    document = FlowDocument(path.resolve(), raw)
    document.sources = {s["name"]: _source(s) for s in raw.get("sourceDescriptions") or []}
    for workflow in raw["workflows"]:
        steps = tuple(Step(workflow["workflowId"], s["stepId"], s) for s in workflow["steps"])
        document.workflows[workflow["workflowId"]] = Workflow(
            workflow["workflowId"], workflow, steps, document
        )
    return document


def _source(raw: dict[str, Any]) -> Source:
    url = str(raw["url"])
    service = raw.get(SERVICE_FIELD) or Path(url.split("#")[0]).parent.name
    return Source(raw["name"], url, str(raw.get("type", "openapi")), str(service))


def load_all(paths: list[Path]) -> list[FlowDocument]:
    """Every `*.arazzo.yaml` under the given files and folders, in name order."""
    files: list[Path] = []
    for path in paths:
        found = sorted(path.glob("**/*.arazzo.yaml")) if path.is_dir() else [path]
        files += found
    return [load(file) for file in files]
