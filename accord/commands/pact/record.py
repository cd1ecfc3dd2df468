"""`accord pact record --consumer NAME --provider orders|payments`: a pact from real traffic.

A recording reverse proxy in front of a provider (default: the reference service on its usual
port). The consumer team points its client at the proxy and exercises it; on Ctrl-C (or
`POST /__accord/stop`, or after `--max-interactions`) the exchanges become a pact, generalised by
the provider's OpenAPI, checked against the specs and written only when it agrees with them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from accord.bundled import specs_dir
from accord.cli import UsageError
from accord.paths import check_output_file
from reference.shared.settings import DEFAULT_PORTS as SERVICE_PORTS
from reference.shared.settings import HOST

UPSTREAMS = {service: f"http://{HOST}:{port}" for service, port in SERVICE_PORTS.items()}
PROXY_PORTS = {"orders": 9001, "payments": 9002}  # the recording proxy's own defaults


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `record` action."""
    parser = subparsers.add_parser(
        "record",
        help="record a consumer's real traffic to a provider as a pact (a recording proxy)",
        description=(
            "Start a recording reverse proxy in front of a provider. Point your client at it "
            "and exercise it; on Ctrl-C the exchanges become a pact whose values are matched "
            "by type from the provider's OpenAPI (ids and timestamps as matchers, enums exact, "
            "tokens never stored), checked against the specs before it is written."
        ),
    )
    parser.add_argument("--consumer", required=True, help="the consumer's name in the pact")
    parser.add_argument("--provider", required=True, choices=sorted(UPSTREAMS))
    parser.add_argument(
        "--upstream",
        help=f"the provider's base URL (default: the reference's, {_per_service(SERVICE_PORTS)})",
    )
    parser.add_argument(
        "--port",
        type=int,
        help=f"the proxy's port (default {_per_service(PROXY_PORTS)}; 0: any)",
    )
    parser.add_argument("--host", default=HOST, help="the proxy's address")
    parser.add_argument(
        "--out", type=Path, help="the pact file (default: pacts/<consumer>-<provider>.json)"
    )
    parser.add_argument(
        "--max-interactions", type=int, help="stop after this many requests (else on Ctrl-C)"
    )
    parser.add_argument(
        "--specs", type=Path, help="folder of service folders (default: the bundled specs)"
    )
    parser.set_defaults(handler=run)


def _per_service(ports: dict[str, int]) -> str:
    """`8001 orders, 8002 payments`: a help text's defaults, from the constants."""
    return ", ".join(f"{port} {service}" for service, port in ports.items())


def run(args: argparse.Namespace) -> int:
    """0 the pact was written; 1 nothing recorded, or the pact disagrees with the specs."""
    from accord.pacts.recorder import RecordingProxy, record

    specs, upstream, port, out = _usable_inputs(args)
    try:
        proxy = RecordingProxy(upstream, port, args.host, args.max_interactions).start()
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{port}: {exc.strerror or exc}") from None
    print(f"Recording {args.consumer} -> {args.provider} at {proxy.url} (upstream {upstream})")
    print(f"Point your client at {proxy.url}; Ctrl-C to stop and write {out}.", flush=True)
    try:
        proxy.wait()
    except KeyboardInterrupt:
        pass
    finally:
        proxy.stop()
    try:
        result = record(args.consumer, args.provider, list(proxy.recorded), specs, out)
    except OSError as exc:  # checked up front, but the disk may fill or the folder vanish
        raise UsageError(f"--out {out}: {exc.strerror or exc}") from None
    for line in result.skipped:
        print(f"left out: {line}")
    if not result.interactions:
        print("nothing recorded: no pact written", file=sys.stderr)
        return 1
    if result.mismatches:
        for mismatch in result.mismatches:
            print(mismatch.line())
        print(
            f"pact NOT written: {len(result.mismatches)} mismatch(es) with the specs",
            file=sys.stderr,
        )
        return 1
    print(f"wrote {result.written}: {result.interactions} interactions, checked against the specs")
    return 0


def _usable_inputs(args: argparse.Namespace) -> tuple[Path, str, int, Path]:
    """Specs, upstream, port and pact file, checked now: a recording session is work done by
    hand, and it must not end in a traceback when the pact is about to be written."""
    from accord.pacts.recorder import default_out, provider_api

    specs = args.specs or specs_dir()
    if not (specs / args.provider).is_dir():
        raise UsageError(f"{specs / args.provider}: no specs folder for {args.provider}")
    try:
        provider_api(specs, args.provider)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    upstream = args.upstream or UPSTREAMS[args.provider]
    _check_url(upstream)
    port = PROXY_PORTS[args.provider] if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: not a port number (0-65535, 0: any free port)")
    if args.max_interactions is not None and args.max_interactions < 1:
        raise UsageError(f"--max-interactions {args.max_interactions}: must be 1 or more")
    out = args.out or default_out(args.consumer, args.provider)
    check_output_file(out, "--out", make_folders=True)
    return specs, upstream, port, out


def _check_url(upstream: str) -> None:
    parts = urlsplit(upstream)
    try:
        parts.port  # noqa: B018 (parsing it is the check: `:99999` or `:x` raise)
    except ValueError:
        raise UsageError(f"--upstream {upstream}: not a valid port") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--upstream {upstream}: not an http(s) URL, e.g. {UPSTREAMS['orders']}")
