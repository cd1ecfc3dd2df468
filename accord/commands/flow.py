"""`accord flow run FLOW... --target FILE`: run Arazzo 1.1 workflows against a deployment.

The `flow` family of the conformance suite, kept to the flow files given (and to
`--workflow` ids): one result per step, in the same reports as `accord run` (console, JSON,
JUnit, HTML), with the same verdict rules and exit codes. When the target names a broker, the
`events` family judges the messages each call published (envelope, payload, traceparent); when
it names log sources, the `logs` family the records each call left.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

from accord.cli import UsageError

FAMILY = "flow"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `flow` command group (one action: `run`)."""
    parser = subparsers.add_parser(
        "flow",
        help="run Arazzo workflows (HTTP and AsyncAPI steps) against a deployment",
        description="Run Arazzo 1.1 workflows against the deployment a target file describes.",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    run = sub.add_parser(
        "run",
        help="run workflows and report per workflow and step",
        description="Run every workflow of the given Arazzo files (or only --workflow ones). "
        "Exit 0 when every step met its criteria, 1 when one did not, 2 for unusable input.",
    )
    run.add_argument("flows", nargs="+", type=Path, help="Arazzo files or folders of them")
    run.add_argument("--target", required=True, type=Path, help="target file (YAML)")
    run.add_argument("--workflow", action="append", default=[], help="a workflowId (repeat)")
    run.add_argument("--input", action="append", default=[], help="NAME=VALUE (repeat)")
    run.add_argument("--inputs", type=Path, help="a YAML or JSON file of inputs")
    run.add_argument("--report-dir", type=Path, default=Path("reports"), help="default: reports")
    run.add_argument("--require", action="store_true", help="a step not judged fails the run")
    run.set_defaults(handler=run_flows)


def run_flows(args: argparse.Namespace) -> int:
    """Check the flows and inputs, then run the flow family on them."""
    from accord.commands import run as run_command

    inputs = [*_file_inputs(args.inputs), *args.input]
    _check_flows(args.flows, args.workflow)
    families = _families(args.target)
    extra = [f"--flow={path.resolve()}" for path in args.flows]
    extra += [f"--workflow={w}" for w in args.workflow] + [f"--input={i}" for i in inputs]
    suite = argparse.Namespace(
        target=args.target,
        only=",".join(families),
        require=",".join(families) if args.require else None,
        report_dir=args.report_dir,
        max_examples=1,
        seed=None,
        pytest_arg=extra,
    )
    return int(run_command.run(suite))


def _families(target_file: Path) -> list[str]:
    """flow, and events and logs when the target feeds them (else --only would refuse them)."""
    from conformance.target import TargetError, load_target

    try:
        target = load_target(target_file)
    except TargetError as exc:
        raise UsageError(str(exc)) from None
    found = [FAMILY]
    found += ["events"] if target.missing("broker") is None else []
    found += ["logs"] if target.missing("logs") is None else []
    return found


def _check_flows(paths: list[Path], wanted: list[str]) -> None:
    """Every file loads as an Arazzo document and every --workflow names one of its workflows."""
    from conformance.flows.document import load_all
    from conformance.registry import SetupFailed

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    try:
        documents = load_all(paths)
    except SetupFailed as exc:
        raise UsageError(exc.message) from None
    if not documents:
        raise UsageError(f"no *.arazzo.yaml in {', '.join(map(str, paths))}")
    known = {w for d in documents for w in d.workflows}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise UsageError(
            f"--workflow {', '.join(unknown)}: the flows have {', '.join(sorted(known))}"
        )


def _file_inputs(path: Path | None) -> list[str]:
    """`--inputs FILE` as NAME=VALUE pairs (values re-read as YAML scalars by the suite)."""
    if path is None:
        return []
    try:
        found = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"--inputs {path}: {exc}") from None
    if not isinstance(found, dict):
        raise UsageError(f"--inputs {path}: not a mapping of input names to values")
    return [f"{k}={json.dumps(v)}" for k, v in found.items()]  # JSON is YAML: types survive
