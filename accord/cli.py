"""The `accord` command: one sub-command per module in `accord.commands`, discovered at start-up."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import warnings

from accord import __version__, commands


class UsageError(Exception):
    """Unusable input: reported as one line on stderr with exit status 2, never a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description="Prove that service deployments honour their contracts.",
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Connexion's import warns about Starlette's test client, which no command uses: console noise.
    warnings.filterwarnings("ignore", message=".*starlette.testclient")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UsageError as exc:
        print(f"accord {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
