"""`accord diff BASE HEAD`: the contract gate on a change to the specs."""

from __future__ import annotations

import argparse
import tempfile
from contextlib import ExitStack
from pathlib import Path

from accord.cli import UsageError
from accord.specdiff import DiffInputError, GateOptions, Tree, gate, load_tree
from accord.specdiff.gitrev import export_specs
from accord.specdiff.reporters import FORMATS
from accord.speclint.problem import display


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `diff` sub-command."""
    parser = subparsers.add_parser(
        "diff",
        help="classify spec changes (breaking/warning/info) and gate on them",
        description="Compare two specs folders (or, with --git, specs/ at two git revisions), "
        "classify every change, lint HEAD and check the committed pacts against it. Exit 0 when "
        "nothing blocks, 1 on a breaking change (unless allow-listed or covered by a major "
        "version bump) or a failed step, 2 for unusable input.",
    )
    parser.add_argument("base", help="BASE specs folder, or git revision with --git")
    parser.add_argument("head", help="HEAD specs folder, or git revision with --git")
    parser.add_argument("--git", action="store_true", help="BASE and HEAD are git revisions "
                        "(HEAD may still be a folder, e.g. the working tree's specs)")  # fmt: skip
    parser.add_argument("--specs-path", default="specs", help="specs folder in the repository "
                        "for --git (default: specs)")  # fmt: skip
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--output", type=Path, help="write the report to a file, not stdout")
    parser.add_argument("--allow", type=Path, help="allow-list (default: HEAD/.accord-allow.yaml)")
    parser.add_argument("--pacts", type=Path, default=Path("pacts"), help="default: pacts")
    parser.add_argument("--no-lint", action="store_true", help="do not lint HEAD")
    parser.add_argument("--no-pacts", action="store_true", help="do not run accord pact check")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Build both trees, run the gate, print the report; 0 passed, 1 failed."""
    if args.allow is not None and not args.allow.is_file():
        raise UsageError(f"{args.allow}: no such allow-list")
    options = GateOptions(not args.no_lint, not args.no_pacts, args.pacts)
    with ExitStack() as stack:
        try:
            base = _tree(args, args.base, stack)
            head = _tree(args, args.head, stack)
            result = gate(base, head, args.allow, options)
        except DiffInputError as exc:
            raise UsageError(str(exc)) from None
    report = FORMATS[args.format](result)
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    else:
        print(report, end="")
    return 0 if result.passed else 1


def _tree(args: argparse.Namespace, where: str, stack: ExitStack) -> Tree:
    if not args.git or (where == args.head and Path(where).is_dir()):
        tree = load_tree(Path(where), display(Path(where)))
        tree.description = tree.label
        return tree
    into = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="accord-diff-")))
    root = export_specs(where, args.specs_path, into)
    label = args.specs_path.strip("/")
    tree = load_tree(root, label)
    tree.description = f"{label}@{where}"
    return tree
