"""The `accord` command: one sub-command per module in `accord.commands`, discovered at start-up."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import warnings
from typing import NoReturn

from accord import __version__, commands

# What a shell reports for a process killed by SIGPIPE (128 + 13): see `_stdout_closed`.
EXIT_BROKEN_PIPE = 141


class UsageError(Exception):
    """Unusable input: reported as one line on stderr with exit status 2, never a traceback."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2) like every other bad input."""

    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block first; the README promises one line.
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
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
    try:
        try:
            return _dispatch(argv)
        finally:
            # A short output waits in the buffer until exit; flush it here, so that a reader who
            # went away is noticed while we can still handle it, not at interpreter shutdown.
            sys.stdout.flush()
    except BrokenPipeError:
        return _stdout_closed()


def _dispatch(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UsageError as exc:
        print(f"accord {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _stdout_closed() -> int:
    """The reader of stdout went away (`accord token | head -c 10`): end quietly, no traceback.

    The exit status is the one a shell reports for a tool killed by SIGPIPE (`cat`, `grep`), not
    Python's usual 1: here 1 means "a contract is not honoured" and 2 "unusable input", and 0
    would claim a verdict the reader never saw (`accord diff ... | head` may hide a failed gate).
    Nothing on stderr either: closing the pipe was the reader's choice, not an error to report.
    """
    # As the Python docs advise (signal module, "Note on SIGPIPE"): point stdout at devnull so
    # that the interpreter's final flush of what is still buffered does not fail a second time.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. stdout captured in tests)
        pass
    return EXIT_BROKEN_PIPE
