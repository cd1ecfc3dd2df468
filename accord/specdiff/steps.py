"""The gate's steps besides the diff: lint HEAD, and check the committed pacts against HEAD.

Each step is a function `(head: Tree, options: GateOptions) -> StepResult`; the pact step runs
`accord pact check PACTS --specs HEAD` when that command exists and is skipped, with the reason,
until then.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord.specdiff.model import StepResult
from accord.specdiff.tree import Tree

PACT_CHECK = "import sys; from accord.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass(frozen=True)
class GateOptions:
    """Which steps run, and where the committed pacts are."""

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
    """`accord pact check` of the committed pacts against HEAD, when the command exists."""
    if not options.pacts:
        return StepResult("pact check", "skipped", ["skipped (--no-pacts)"])
    if not has_command("pact"):
        reason = "`accord pact check` is not available in this version of accord"
        return StepResult("pact check", "skipped", [reason])
    if not any(options.pacts_dir.glob("**/*.json")):
        return StepResult("pact check", "skipped", [f"no pact files in {options.pacts_dir}"])
    argv = ["pact", "check", str(options.pacts_dir), "--specs", str(head.root)]
    done = subprocess.run([sys.executable, "-c", PACT_CHECK, *argv], capture_output=True, text=True)
    lines = (done.stdout + done.stderr).strip().splitlines()
    if done.returncode not in (0, 1):
        lines.append(f"`accord pact check` could not run (exit {done.returncode})")
    return StepResult("pact check", "passed" if done.returncode == 0 else "failed", lines)


def has_command(name: str) -> bool:
    """Whether `accord NAME` is a registered sub-command."""
    from accord.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return name in action.choices
    return False


STEPS: tuple[Callable[[Tree, GateOptions], StepResult], ...] = (lint_step, pact_step)


def run_steps(head: Tree, options: GateOptions) -> list[StepResult]:
    """Run every step against HEAD."""
    return [step(head, options) for step in STEPS]
