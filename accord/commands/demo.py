"""`accord demo`: start the reference services, judge them with the whole suite, stop them.

The demo is Accord's main job on a fresh machine: nothing to install, nothing to configure. It runs
the services on the embedded defaults (SQLite, filesystem broker) in a fresh data folder unless
ACCORD_BROKER_URL / ACCORD_<SERVICE>_DATABASE_URL say otherwise, so the same command also judges the
reference on RabbitMQ and PostgreSQL.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from accord.bundled import REPO_ROOT
from accord.cli import UsageError
from reference.shared.settings import DEFAULT_JWT_ISSUER, DEFAULT_PORTS, HOST, env_broker

REFERENCE_TARGET = REPO_ROOT / "targets" / "reference.yaml"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `demo` sub-command."""
    parser = sub.add_parser(
        "demo",
        help="run the reference services and judge them with the whole suite",
        description="Start Orders and Payments on the embedded defaults in a fresh data folder, "
        "run every conformance family against them, print the summary and the report path, and "
        "stop them. Exit 0 only when every selected family was judged whole and passed.",
    )
    parser.add_argument("--report-dir", type=Path, default=Path("reports"), help="default: reports")
    parser.add_argument("--max-examples", type=int, default=50, help="examples per operation")
    parser.add_argument("--seed", type=int, default=0, help="seed for generated data (default 0)")
    parser.add_argument("--only", help="comma-separated families (default: all)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the services keep their data, kept afterwards (default: a new temp dir, "
        "removed at the end unless the services did not start)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Serve, judge, stop; the exit status is the suite's."""
    from accord.commands import run as run_command
    from reference.serve import Supervisor, port_free

    ports = {name: _free_port(port, port_free) for name, port in DEFAULT_PORTS.items()}
    data_dir = _data_dir(args.data_dir)
    # A data dir the demo made is its own to remove (the reports are elsewhere); one given with
    # --data-dir is the caller's, and one whose services did not start keeps their logs.
    remove = args.data_dir is None
    supervisor = Supervisor(ports, data_dir, HOST, output=data_dir / "logs" / "services.out")
    print(f"accord demo: starting the reference services (data: {data_dir})", flush=True)
    started = time.monotonic()
    try:
        supervisor.start()
        target = write_target(data_dir, ports)
        suite = argparse.Namespace(
            target=target,
            only=args.only,
            require="all",  # the reference must be judged whole: a gap is a failure
            report_dir=args.report_dir,
            max_examples=args.max_examples,
            seed=args.seed,
            pytest_arg=[],
        )
        code = run_command.run(suite)
    except RuntimeError as exc:
        remove = False
        raise UsageError(f"the reference services did not start: {exc}") from None
    finally:
        supervisor.stop()
        if remove:
            shutil.rmtree(data_dir, ignore_errors=True)
    verdict = "every check passed" if code == 0 else "some checks did not pass"
    print(f"accord demo: {verdict} in {time.monotonic() - started:.0f} s", flush=True)
    return code


def _data_dir(given: Path | None) -> Path:
    """`--data-dir` checked, else a new temp folder; ready for the services (logs, signing key).

    Not $ACCORD_DATA_DIR: the demo starts fresh, away from the data of an `accord serve`.
    """
    from accord.datadir import prepare_for_services, usable_data_dir

    if given is not None:
        data_dir = usable_data_dir(given, "--data-dir")
    else:
        try:
            data_dir = Path(tempfile.mkdtemp(prefix="accord-demo-")).resolve()
        except OSError as exc:
            where = tempfile.gettempdir()
            raise UsageError(f"cannot make a data dir in {where}: {exc.strerror}") from None
    try:
        prepare_for_services(data_dir)
    except UsageError:
        if given is None:  # ours: leave nothing behind
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    return data_dir


def _free_port(preferred: int, port_free) -> int:
    if port_free(HOST, preferred):
        return preferred
    for port in range(preferred + 100, preferred + 200):
        if port_free(HOST, port):
            return port
    raise UsageError(f"no free port near {preferred}")


def write_target(data_dir: Path, ports: dict[str, int]) -> Path:
    """The reference target (`targets/reference.yaml`) pointed at the services this demo started:
    their ports, data dir and broker; timeouts, token minting and waivers as the file has them."""
    target = yaml.safe_load(REFERENCE_TARGET.read_text(encoding="utf-8"))
    for name, port in ports.items():
        service = target["services"][name]
        service["base_url"] = f"http://{HOST}:{port}"
        service["logs"] = {"file": str(data_dir / "logs" / f"{name}.jsonl")}
    broker_url, exchange = env_broker()
    target["broker"] = {"url": broker_url, "exchange": exchange}
    if broker_url.startswith("filesystem://"):
        target["broker"]["data_folder"] = str(data_dir / "broker")
    mint = target["tokens"]["mint"]
    mint["private_key_file"] = str(data_dir / "keys" / "dev-issuer.key.pem")
    mint["issuer"] = DEFAULT_JWT_ISSUER
    path = data_dir / "target.yaml"
    path.write_text(yaml.safe_dump(target, sort_keys=False), encoding="utf-8")
    return path
