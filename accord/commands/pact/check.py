"""`accord pact check [PACTS] [--specs DIR]`: pacts against the providers' OpenAPI and AsyncAPI."""

from __future__ import annotations

import argparse
from pathlib import Path

from accord.bundled import REPO_ROOT, specs_dir
from accord.cli import UsageError
from accord.pacts import UnusablePact, check_pacts
from accord.speclint.loader import MANIFEST

DEFAULT_PACTS = Path("pacts")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `check` action."""
    parser = subparsers.add_parser(
        "check",
        help="check every interaction of the pacts against the provider's specs",
        description=(
            "Check each HTTP interaction (path, method, parameters, headers, bodies, status) "
            "against the provider's OpenAPI and each message against its AsyncAPI payload. "
            "The provider is the service folder named like the pact's provider."
        ),
    )
    parser.add_argument(
        "pacts", nargs="?", type=Path, help="a pact file or a folder of them (default: pacts/)"
    )
    parser.add_argument(
        "--specs", type=Path, help="folder of service folders (default: the bundled specs)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """One line per mismatch and a summary; 1 when there are mismatches, else 0."""
    specs = args.specs or specs_dir()
    if not specs.is_dir():
        raise UsageError(f"{specs}: no such specs folder")
    if not any(specs.glob(f"*/{MANIFEST}")):
        # Every pact would be "no specs for provider": a wrong --specs, not a broken pact.
        raise UsageError(f"{specs}: not a specs folder (no <service>/{MANIFEST} in it)")
    try:
        result = check_pacts(args.pacts or _default_pacts(), specs)
    except UnusablePact as exc:
        raise UsageError(str(exc)) from None
    if not result.pacts:
        raise UsageError(f"{args.pacts or _default_pacts()}: no pact files (*.json)")
    for mismatch in result.mismatches:
        print(mismatch.line())
    print(result.summary())
    return 1 if result.mismatches else 0


def _default_pacts() -> Path:
    return DEFAULT_PACTS if DEFAULT_PACTS.is_dir() else REPO_ROOT / "pacts"
