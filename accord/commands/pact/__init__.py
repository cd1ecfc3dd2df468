"""`accord pact ACTION`: work with pact files. Each module of this package adds one action
(`check`, `record`) through its own `register(subparsers)`, whose parser sets
`handler=<function(args) -> exit status>`; adding a module adds an action."""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `pact` command group."""
    parser = subparsers.add_parser(
        "pact",
        help="check pact files against the specs (and more pact actions)",
        description="Work with consumer pacts: cross-check them with the providers' specs.",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}").register(sub)
