"""`accord serve`: both reference services, each in its own process, on the embedded defaults."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from accord.cli import UsageError

if TYPE_CHECKING:
    from reference.serve import Supervisor

from reference.shared.settings import HOST, ORDERS_PORT, PAYMENTS_PORT, env_port


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `serve` sub-command."""
    parser = sub.add_parser(
        "serve",
        help="run the reference Orders and Payments services",
        description="Start Orders and Payments with their relays and consumer (SQLite + "
        "filesystem broker under the data dir unless ACCORD_* variables say otherwise).",
    )
    parser.add_argument(
        "--orders-port", type=int, help=f"default $ACCORD_ORDERS_PORT, else {ORDERS_PORT}"
    )
    parser.add_argument(
        "--payments-port", type=int, help=f"default $ACCORD_PAYMENTS_PORT, else {PAYMENTS_PORT}"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="databases, broker folder, keys and logs (default $ACCORD_DATA_DIR, else ./var)",
    )
    parser.add_argument(
        "--log-console",
        action="store_true",
        help="print the services' JSON log lines here too (default: only in their log files)",
    )
    parser.set_defaults(handler=run)


def _port(given: int | None, service: str) -> int:
    """The option, else ACCORD_<SERVICE>_PORT, else the default; read when serving, so that a
    bad variable fails `accord serve` alone, by name, and not every command's start-up."""
    if given is not None:
        return given
    try:
        return env_port(service)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Start both services, print how to use them, and stop them on Ctrl-C or SIGTERM."""
    from accord.datadir import data_dir_from, prepare_for_services
    from reference.serve import Supervisor

    ports = _usable_ports(args)
    data_dir = data_dir_from(args.data_dir)
    prepare_for_services(data_dir)
    supervisor = Supervisor(ports, data_dir, HOST, log_console=args.log_console)
    for signum in (signal.SIGINT, signal.SIGTERM):  # also when started with SIGINT ignored
        signal.signal(signum, _interrupt)
    try:
        supervisor.start()
        print(banner(supervisor), flush=True)
        return supervisor.wait()
    except KeyboardInterrupt:
        print("accord serve: stopping", file=sys.stderr, flush=True)
        return 0
    except RuntimeError as exc:
        print(f"accord serve: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        supervisor.stop()


def _usable_ports(args: argparse.Namespace) -> dict[str, int]:
    """Both ports, valid, distinct and free; UsageError naming the one that is not."""
    from reference.serve import port_free

    ports = {
        "payments": _port(args.payments_port, "payments"),
        "orders": _port(args.orders_port, "orders"),
    }
    if ports["orders"] == ports["payments"]:
        raise UsageError("--orders-port and --payments-port must differ")
    for service, port in ports.items():
        if not 0 < port < 65536:
            raise UsageError(f"{service} port {port} is not a valid port")
        if not port_free(HOST, port):
            raise UsageError(f"port {port} ({service}) is already in use")
    return ports


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def banner(supervisor: Supervisor) -> str:
    """What a person needs to use the running services: where they are, their Swagger UI, how
    to get a token that they accept, and where their logs go."""
    from accord.commands.token import scope_owners

    lines = ["", f"Accord reference services are running (data dir {supervisor.data_dir}):"]
    for service, port in sorted(supervisor.ports.items()):
        base = f"http://{supervisor.host}:{port}"
        lines.append(f"  {service:<9} {base}   Swagger UI: {base}/ui/")
    scopes = " ".join(f"--scope {scope}" for scope in sorted(scope_owners()))
    logs = ", ".join(str(supervisor.log_file(s)) for s in sorted(supervisor.ports))
    where = "here and in " if supervisor.log_console else ""
    hint = "" if supervisor.log_console else " (--log-console to see them here)"
    lines += [
        "Get a token they accept:",
        f"  accord token --data-dir {supervisor.data_dir} {scopes}",
        f"JSON logs: {where}{logs}{hint}",
        "Press Ctrl-C to stop.",
        "",
    ]
    return "\n".join(lines)
