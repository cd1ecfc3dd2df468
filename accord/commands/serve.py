"""`accord serve`: both reference services, each in its own process, on the embedded defaults."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from types import FrameType

from accord.cli import UsageError

HOST = "127.0.0.1"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `serve` sub-command."""
    parser = sub.add_parser(
        "serve",
        help="run the reference Orders and Payments services",
        description="Start Orders and Payments with their relays and consumer (SQLite + "
        "filesystem broker under the data dir unless ACCORD_* variables say otherwise).",
    )
    parser.add_argument("--orders-port", type=int, default=_env_port("ORDERS", 8001))
    parser.add_argument("--payments-port", type=int, default=_env_port("PAYMENTS", 8002))
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("ACCORD_DATA_DIR", "var")),
        help="databases, broker folder, keys and logs (default ./var or $ACCORD_DATA_DIR)",
    )
    parser.set_defaults(handler=run)


def _env_port(service: str, default: int) -> int:
    raw = os.environ.get(f"ACCORD_{service}_PORT", "")
    return int(raw) if raw.isdigit() else default


def run(args: argparse.Namespace) -> int:
    """Start both services, print how to use them, and stop them on Ctrl-C or SIGTERM."""
    from reference.serve import Supervisor, port_free

    ports = {"payments": args.payments_port, "orders": args.orders_port}
    if args.orders_port == args.payments_port:
        raise UsageError("--orders-port and --payments-port must differ")
    for service, port in ports.items():
        if not 0 < port < 65536:
            raise UsageError(f"{service} port {port} is not a valid port")
        if not port_free(HOST, port):
            raise UsageError(f"port {port} ({service}) is already in use")
    data_dir = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    supervisor = Supervisor(ports, data_dir, HOST)
    for signum in (signal.SIGINT, signal.SIGTERM):  # also when started with SIGINT ignored
        signal.signal(signum, _interrupt)
    try:
        supervisor.start()
        _banner(ports, data_dir)
        return supervisor.wait()
    except KeyboardInterrupt:
        print("accord serve: stopping", file=sys.stderr, flush=True)
        return 0
    except RuntimeError as exc:
        print(f"accord serve: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        supervisor.stop()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _banner(ports: dict[str, int], data_dir: Path) -> None:
    lines = ["", "Accord reference services are running:"]
    for service in ("orders", "payments"):
        base = f"http://{HOST}:{ports[service]}"
        lines.append(f"  {service:<9} {base}   docs: {base}/ui/")
    lines += [
        f"  data dir  {data_dir}   logs: {data_dir / 'logs'}/<service>.jsonl",
        "Get a token:",
        f"  ACCORD_DATA_DIR={data_dir} accord token --scope orders.read --scope orders.write",
        "Press Ctrl-C to stop.",
        "",
    ]
    print("\n".join(lines), flush=True)
