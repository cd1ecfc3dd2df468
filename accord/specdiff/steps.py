"""The gate's steps besides the diff: lint HEAD, and check the committed pacts against HEAD.

Each step is a function `(head: Tree, options: GateOptions) -> StepResult`; the pact step is
`accord pact check PACTS --specs HEAD`, run in-process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord.specdiff.model import StepResult
from accord.specdiff.tree import Tree


@dataclass(frozen=True)
class GateOptions:
    """Which steps run, and where the committed pacts are (a folder of them, or one file)."""

    lint: bool = True
    pacts: bool = True
    pacts_dir: Path = Path("pacts")


def lint_step(head: Tree, options: GateOptions) -> StepResult:
    """`accord lint` on HEAD: any problem fails the gate."""
    from accord.speclint import SpecsNotFound, lint

    if not options.lint:
        return StepResult("lint", "skipped", ["skipped (--no-lint)"])
    try:
        problems = lint(head.root).problems
    except SpecsNotFound as exc:
        return StepResult("lint", "failed", [str(exc)])
    lines = [f"{_name(head, p.file)}:{p.pointer}: {p.message}" for p in problems]
    return StepResult("lint", "failed" if lines else "passed", lines)


def _name(head: Tree, path: Path) -> str:
    try:
        rel = path.resolve().relative_to(head.root.resolve()).as_posix()
    except ValueError:
        return str(path)
    return f"{head.label}/{rel}" if head.label else rel


def pact_step(head: Tree, options: GateOptions) -> StepResult:
    """`accord pact check` of the committed pacts against HEAD: every consumer pact must hold."""
    from accord.pacts import UnusablePact, check_pacts, find_pacts

    if not options.pacts:
        return StepResult("pact check", "skipped", ["skipped (--no-pacts)"])
    if not options.pacts_dir.exists() or not find_pacts(options.pacts_dir):
        return StepResult("pact check", "skipped", [f"no pact files in {options.pacts_dir}"])
    try:
        result = check_pacts(options.pacts_dir, head.root)
    except UnusablePact as exc:
        return StepResult("pact check", "failed", [str(exc)])
    lines = [m.line() for m in result.mismatches] + [result.summary()]
    return StepResult("pact check", "failed" if result.mismatches else "passed", lines)


STEPS: tuple[Callable[[Tree, GateOptions], StepResult], ...] = (lint_step, pact_step)


def run_steps(head: Tree, options: GateOptions) -> list[StepResult]:
    """Run every step against HEAD."""
    return [step(head, options) for step in STEPS]
