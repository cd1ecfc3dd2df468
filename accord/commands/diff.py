"""`accord diff BASE HEAD`: the contract gate on a change to the specs."""

from __future__ import annotations

import argparse
import tempfile
from contextlib import ExitStack
from pathlib import Path

from accord.cli import UsageError
from accord.pacts.model import UnusablePact, find_pacts
from accord.paths import check_output_file
from accord.specdiff import (
    BREAKING,
    WARNING,
    DiffInputError,
    GateOptions,
    Tree,
    gate,
    gate_files,
    load_tree,
)
from accord.specdiff.gitrev import export_specs
from accord.specdiff.reporters import FORMATS
from accord.speclint.loader import MANIFEST
from accord.speclint.problem import display

DEFAULT_PACTS = Path("pacts")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `diff` sub-command."""
    parser = subparsers.add_parser(
        "diff",
        help="classify spec changes (breaking/warning/info) and gate on them",
        description="Compare two specs folders (or, with --git, specs/ at two git revisions; or "
        "two single OpenAPI or AsyncAPI files), classify every change, lint HEAD and check the "
        "committed pacts against it. Exit 0 when nothing blocks, 1 on a breaking change (or a "
        "warning, with --fail-on warning) that is neither allow-listed nor covered by a major "
        "version bump, or a failed step, 2 for unusable input.",
    )
    parser.add_argument("base", help="BASE specs folder or spec file, or git revision with --git")
    parser.add_argument("head", help="HEAD specs folder or spec file, or git revision with --git")
    parser.add_argument("--git", action="store_true", help="BASE and HEAD are git revisions "
                        "(HEAD may still be a folder, e.g. the working tree's specs)")  # fmt: skip
    parser.add_argument("--specs-path", default="specs", help="specs folder in the repository "
                        "for --git (default: specs)")  # fmt: skip
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--fail-on", choices=(BREAKING, WARNING), default=BREAKING,
                        help="lowest level that fails the gate (default: breaking)")  # fmt: skip
    parser.add_argument("--output", type=Path, help="write the report to a file, not stdout")
    parser.add_argument("--allow", type=Path, help="allow-list (default: HEAD/.accord-allow.yaml)")
    parser.add_argument("--pacts", type=Path, help="a pact file or a folder of them (default: "
                        "pacts, skipped when there is none)")  # fmt: skip
    parser.add_argument("--no-lint", action="store_true", help="do not lint HEAD")
    parser.add_argument("--no-pacts", action="store_true", help="do not run accord pact check")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Build both trees (or read both files), run the gate, print the report; 0 passed, 1 failed."""
    _check_inputs(args)
    options = GateOptions(not args.no_lint, not args.no_pacts, args.pacts or DEFAULT_PACTS)
    with ExitStack() as stack:
        try:
            if _two_files(args):
                base_file, head_file = Path(args.base), Path(args.head)
                result = gate_files(base_file, head_file, args.allow, options, args.fail_on)
            else:
                base = _tree(args, args.base, stack)
                head = _tree(args, args.head, stack)
                _check_specs_path(args, base, head)
                result = gate(base, head, args.allow, options, args.fail_on)
        except DiffInputError as exc:
            raise UsageError(str(exc)) from None
    report = FORMATS[args.format](result)
    if args.output:
        _write(args.output, report)
    else:
        print(report, end="")
    return 0 if result.passed else 1


def _check_inputs(args: argparse.Namespace) -> None:
    """The paths given as options, checked before the work (which may take a while)."""
    if args.allow is not None and not args.allow.is_file():
        raise UsageError(f"{args.allow}: no such allow-list")
    if args.output is not None:
        check_output_file(args.output, "--output")
    # Only an explicit --pacts must exist: without one, a folder with no pacts/ skips the step.
    if args.pacts is not None and not args.no_pacts:
        try:
            found = find_pacts(args.pacts)
        except UnusablePact as exc:
            raise UsageError(f"--pacts {exc}") from None
        if not found:
            raise UsageError(f"--pacts {args.pacts}: no pact files (*.json)")


def _write(output: Path, report: str) -> None:
    try:
        output.write_text(report, encoding="utf-8")
    except OSError as exc:  # checked up front, but the disk may fill or the folder vanish
        raise UsageError(f"--output {output}: {exc.strerror or exc}") from None


def _two_files(args: argparse.Namespace) -> bool:
    """BASE and HEAD are two single documents; a file against a folder is unusable input."""
    base, head = Path(args.base), Path(args.head)
    if args.git or not (base.is_file() or head.is_file()):
        return False
    if base.is_file() and head.is_file():
        return True
    file, other = (base, head) if base.is_file() else (head, base)
    if not other.exists():
        raise UsageError(f"{other}: no such file or folder")
    raise UsageError(
        f"{file} is a file, {other} a folder: give two specs folders or two OpenAPI/AsyncAPI files"
    )


def _head_is_folder(args: argparse.Namespace) -> bool:
    return Path(args.head).is_dir()


def _tree(args: argparse.Namespace, where: str, stack: ExitStack) -> Tree:
    if not args.git or (where == args.head and _head_is_folder(args)):
        # A folder named on the command line with no service in it is a slip of the keyboard;
        # taken as empty, it would report every service as added (or removed) instead.
        tree = load_tree(Path(where), display(Path(where)), empty_ok=False)
        tree.description = tree.label
        return tree
    into = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="accord-diff-")))
    root = export_specs(where, args.specs_path, into)
    label = args.specs_path.strip("/")
    # A revision from before the specs existed is an empty tree: everything in HEAD is new.
    tree = load_tree(root, label)
    tree.description = f"{label}@{where}"
    return tree


def _check_specs_path(args: argparse.Namespace, base: Tree, head: Tree) -> None:
    """With --git, a --specs-path with no services at BASE nor at HEAD is a typo: without this
    check, the gate would compare two empty trees and report "no changes"."""
    if not args.git or base.services:
        return
    if _head_is_folder(args):
        # HEAD is the working tree's specs: the path must exist there (new specs not in BASE).
        if Path(args.specs_path).is_dir():
            return
        where = f"at {args.base} nor in the working tree"
    elif head.services:
        return
    else:
        where = f"at {args.base}" + (f" nor at {args.head}" if args.head != args.base else "")
    raise UsageError(f"--specs-path {args.specs_path}: no {MANIFEST} below it {where}")
