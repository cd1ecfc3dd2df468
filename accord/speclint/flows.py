"""Lint for Arazzo flows: valid Arazzo 1.1, bound to these specs, runnable by the engine.

A flow is checked against the Arazzo 1.1 JSON Schema (shipped with its licence), then step by
step: the operation or channel it names exists in the specs of the service it is bound to, every
runtime expression follows the grammar, every condition can be judged, `$steps` references and
`dependsOn` name earlier steps (and outputs they declare), and no step uses a feature the engine
does not run (which it would otherwise report as an error at run time). The coverage list names
the operations and published channels no flow exercises.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from accord.speclint.loader import yaml_problem
from accord.speclint.problem import Problem, pointer
from accord.speclint.schemas import bundled_schema

SCHEMA = "arazzo-1.1.schema.json"
STEP_REFERENCE = "$steps."
UNSUPPORTED_CRITERIA = ("xpath",)


def flow_files(root: Path) -> list[Path]:
    """The Arazzo documents under `root/flows`."""
    folder = root / "flows"
    return sorted(folder.glob("**/*.arazzo.yaml")) if folder.is_dir() else []


def lint_flow(path: Path, specs: dict[str, Path]) -> Iterator[Problem]:
    """Every problem of one flow document; `specs` maps service names to their folders."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        yield yaml_problem(path, exc)
        return
    except (OSError, UnicodeDecodeError) as exc:
        yield Problem(path, "", f"cannot read file: {exc}")
        return
    errors = list(jsonschema.Draft202012Validator(bundled_schema(SCHEMA)).iter_errors(raw))
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        at = pointer(*error.absolute_path)
        yield Problem(path, at, f"not valid Arazzo 1.1: {' '.join(error.message.split())[:160]}")
    if errors:
        return
    from conformance.flows.document import load

    document = load(path)
    for w, workflow in enumerate(document.workflows.values()):
        earlier: dict[str, set[str]] = {}
        for s, step in enumerate(workflow.steps):
            at = pointer("workflows", w, "steps", s)
            yield from _step(path, at, step, document, specs, earlier)
            earlier[step.id] = set((step.raw.get("outputs") or {}).keys())


def _step(
    path: Path,
    at: str,
    step: Any,
    document: Any,
    specs: dict[str, Path],
    earlier: dict[str, set[str]],
) -> Iterator[Problem]:
    from conformance.flows.bindings import BindingError, bind
    from conformance.registry import Declared

    raw = step.raw
    for feature in _unsupported(raw):
        yield Problem(path, at, f"not supported by the engine: {feature}")
    if raw.get("action") != "send" and "workflowId" not in raw:
        try:
            bind(step, document, specs)
        except (BindingError, Declared) as exc:
            yield Problem(path, at, str(exc))
    for name in raw.get("dependsOn") or []:
        if not str(name).startswith("$") and name not in earlier:
            yield Problem(path, f"{at}/dependsOn", f"{name!r} is not an earlier step")
    yield from _expressions(path, at, raw, earlier)


def _unsupported(raw: dict[str, Any]) -> Iterator[str]:
    if raw.get("action") == "send":
        yield "send steps"
    if "workflowId" in raw:
        yield "workflow steps (workflowId)"
    if any(str(d).startswith("$") for d in raw.get("dependsOn") or []):
        yield "dependsOn a step of another workflow"
    if "timeout" in raw and raw.get("action") != "receive":
        yield "timeout on a step that does not receive"
    for action in [*(raw.get("onSuccess") or []), *(raw.get("onFailure") or [])]:
        if action.get("type") == "goto" and "workflowId" in action:
            yield "goto a workflow"
    for criterion in raw.get("successCriteria") or []:
        kind = criterion.get("type")
        kind = kind.get("type") if isinstance(kind, dict) else kind
        if kind in UNSUPPORTED_CRITERIA:
            yield f"{kind} criteria"


def _expressions(
    path: Path, at: str, raw: dict[str, Any], earlier: dict[str, set[str]]
) -> Iterator[Problem]:
    from conformance.flows.criteria import ConditionError, check_syntax
    from conformance.flows.expressions import ExpressionError, parse, references

    for where, text in _strings(raw, at):
        for expression in references(text):
            try:
                found = parse(expression)
            except ExpressionError as exc:
                yield Problem(path, where, str(exc))
                continue
            if found.root == "steps" and found.names:
                step, output = found.names[0], ".".join(found.names[2:])
                if step not in earlier:
                    yield Problem(path, where, f"{expression}: {step!r} is not an earlier step")
                elif output not in earlier[step]:
                    yield Problem(
                        path, where, f"{expression}: step {step} has no output {output!r}"
                    )
    for i, criterion in enumerate(raw.get("successCriteria") or []):
        kind = criterion.get("type")
        if (kind.get("type") if isinstance(kind, dict) else kind) in UNSUPPORTED_CRITERIA:
            continue
        try:
            check_syntax(criterion)
        except ConditionError as exc:
            yield Problem(path, f"{at}/successCriteria/{i}", str(exc))


def _strings(value: Any, at: str) -> Iterator[tuple[str, str]]:
    """Every string under a step that may hold expressions, with its pointer (not the ids)."""
    if isinstance(value, str):
        if value.startswith("$") or "{$" in value:
            yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("stepId", "description", "operationId", "dependsOn", "action"):
                yield from _strings(item, f"{at}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{at}/{i}")


def coverage(root: Path, specs: dict[str, Path]) -> list[str]:
    """The operations and published channels of these specs that no flow's step exercises."""
    from conformance import openapi
    from conformance.flows.bindings import ChannelBinding, HttpBinding, bind
    from conformance.flows.document import load
    from conformance.probes.contracts import events_document

    used: set[str] = set()
    for path in flow_files(root):
        document = load(path)
        for workflow in document.workflows.values():
            for step in workflow.steps:
                try:
                    binding = bind(step, document, specs)
                except Exception:  # lint reports it; coverage only counts what binds
                    continue
                if isinstance(binding, HttpBinding):
                    used.add(binding.operation.label)
                elif isinstance(binding, ChannelBinding):
                    used.add(f"{binding.service}:{binding.channel}")
    wanted = [op.label for name, f in specs.items() for op in openapi.operations(name, f)]
    for name, folder in specs.items():
        channels = events_document(folder).get("channels") or {}
        wanted += [f"{name}:{c}" for c, item in channels.items() if (item or {}).get("publish")]
    return [w for w in wanted if w not in used]
