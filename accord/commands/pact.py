"""`accord pact ACTION`: work with pact files. Each module in `accord.pacts.commands` adds one
action (`check`, ...) through its own `register(subparsers)`; adding a module adds an action."""

from __future__ import annotations

import argparse
import importlib
import pkgutil

from accord.pacts import commands as actions


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `pact` command group."""
    parser = subparsers.add_parser(
        "pact",
        help="check pact files against the specs (and more pact actions)",
        description="Work with consumer pacts: cross-check them with the providers' specs.",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for info in sorted(pkgutil.iter_modules(actions.__path__), key=lambda m: m.name):
        importlib.import_module(f"{actions.__name__}.{info.name}").register(sub)
