"""Benchmark: the conformance harness's overhead against plain Schemathesis on the same examples.

Target (issue 12): the `api` family of `accord run` takes at most 1.3x the wall time of plain
`schemathesis run` of the same specs, against the same running services, with the same examples.

Rows, measured side by side, alternating within each round (accord api, plain, accord full):

  (a) `accord run --target T --only api --max-examples N --seed S` against plain
      `schemathesis run` of specs/orders/openapi.yaml then specs/payments/openapi.yaml (one CLI
      process per spec, as the CLI takes one location): wall time of each, ratio accord/plain.
  (b) informative: the whole conformance run (every family), wall time, and each family's own
      time (the sum of its checks' `duration` in report.json), so the rest of the time is seen.

The reference runs once per bench (`accord serve` on free ports, a temp data dir, pinned to the
last core; the runs go on the first core). Both subjects hit the same services, whose databases
grow from round to round: alternation spreads that drift over both alike. The "svc log lines"
column counts the lines the services logged during each run (domain events, NOT one per
request): a rough sign of how much each side wrote.

How the plain run mirrors `conformance/probes/fuzz.py` (`_load`): the configuration is passed in
a `schemathesis.toml` written from the same values (`--config-file`): every phase enabled
(examples, coverage, fuzzing, stateful), every built-in check except
`object_level_authorization` (`NOT_RUN`), `positive_data_acceptance` with the suite's expected
statuses (`ACCEPTED`), `max-examples` per operation, `seed`, the example database off,
`continue-on-failure`, warnings off, the target's request timeout, generation mode "all" (the
default of both), one worker (the engine's default, which the suite keeps), and the bearer token
given through `auth.openapi.<scheme>.bearer` for the spec's bearer schemes, so Schemathesis sends
it exactly where the suite's run does (a token from the dev issuer, audience = the service, every
scope the service's operations declare).

What could not be mirrored: the suite runs both services in one process (Schemathesis imported
and the specs loaded once), the CLI needs one process per spec, so plain pays interpreter start
and imports twice; the suite's first request before the engine starts (`_unanswered`), its
`after_network_error` hook and thread-crash hook have no CLI counterpart (all are cheap); the CLI
prints its progress to a pipe (discarded) where the suite consumes engine events itself; the
suite's token expires after 600 s, the plain one after a day (no effect on a run this short).

    .venv/bin/python bench/bench_harness.py [--rounds 3] [--max-examples 50] [--seed 1] [--quick]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import harness
from harness import ROOT, console, fail

TARGET_RATIO = 1.3
SERVICES = ("orders", "payments")
QUICK_EXAMPLES = 5


@dataclass
class Run:
    """One timed run: wall seconds, exit status, requests the services logged meanwhile."""

    wall: float
    exit: int
    requests: int
    families: dict[str, float] = field(default_factory=dict)  # family -> sum of check durations
    suite: float = 0.0  # report.json's own duration


def toml(table: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """A TOML document of `table` (str, int, float, bool, lists of them, nested tables)."""

    def key(name: str) -> str:
        return name if name.replace("-", "").replace("_", "").isalnum() else json.dumps(name)

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(str(v))

    lines = [f"{key(k)} = {value(v)}" for k, v in table.items() if not isinstance(v, dict)]
    out = ([f"[{'.'.join(map(key, prefix))}]"] if prefix and lines else []) + lines
    for k, v in table.items():
        if isinstance(v, dict):
            out.append(toml(v, (*prefix, k)))
    return "\n".join(x for x in out if x)


def plain_config(service: str, base_url: str, token: str, args: argparse.Namespace) -> str:
    """The schemathesis.toml equal to what `conformance/probes/fuzz.py` builds for `service`."""
    from conformance import openapi
    from conformance.probes import fuzz

    schemes = openapi.load(ROOT / "specs" / service).get("components", {}).get("securitySchemes")
    bearer = [
        name
        for name, scheme in (schemes or {}).items()
        if (scheme.get("type"), str(scheme.get("scheme", "")).lower()) == ("http", "bearer")
        or scheme.get("type") in ("oauth2", "openIdConnect")
    ]
    config: dict[str, Any] = {
        "base-url": base_url,
        "seed": args.seed,
        "request-timeout": args.request_timeout,
        "continue-on-failure": True,
        "warnings": False,
        "generation": {"max-examples": args.max_examples, "database": "none"},
        "phases": {name: {"enabled": True} for name in fuzz.PHASES},
        "checks": {
            **{name: {"enabled": False} for name in fuzz.NOT_RUN},
            "positive_data_acceptance": {"expected-statuses": list(fuzz.ACCEPTED)},
        },
    }
    if bearer:
        config["auth"] = {"openapi": {name: {"bearer": token} for name in bearer}}
    return toml(config) + "\n"


def service_scopes(service: str) -> list[str]:
    """Every scope the service's operations declare (the suite's token for `api` carries them)."""
    from conformance import openapi

    return sorted(
        {s for op in openapi.operations(service, ROOT / "specs" / service) for s in op.scopes}
    )


def write_target(path: Path, ports: dict[str, int], data: Path, request_timeout: float) -> None:
    """targets/reference.yaml with these ports and this data dir (JSON is YAML)."""
    target = {
        "services": {
            name: {
                "base_url": f"http://127.0.0.1:{port}",
                "logs": {"file": str(data / "logs" / f"{name}.jsonl")},
            }
            for name, port in ports.items()
        },
        "broker": {
            "url": "filesystem://",
            "data_folder": str(data / "broker"),
            "exchange": "accord.events",
        },
        "tokens": {
            "mint": {
                "private_key_file": str(data / "keys" / "dev-issuer.key.pem"),
                "issuer": "accord-dev",
                "audience_per_service": True,
                "algorithm": "RS256",
            }
        },
        "timeouts": {
            "connect": 2,
            "request": request_timeout,
            "event": 10,
            "logs": 10,
            "flow": 30,
        },
        "waivers": [],
    }
    path.write_text(json.dumps(target, indent=2) + "\n")


class Bench:
    """The services, the target file and the runs of both subjects."""

    def __init__(self, tmp: Path, args: argparse.Namespace, cpus: Sequence[int] | None) -> None:
        self.tmp, self.args, self.cpus = tmp, args, cpus
        self.data = tmp / "data"
        self.target = tmp / "target.yaml"
        self.logs = [self.data / "logs" / f"{name}.jsonl" for name in SERVICES]
        self.counter = 0

    def logged(self) -> int:
        total = 0
        for log in self.logs:
            try:
                with log.open("rb") as f:
                    total += sum(1 for _ in f)
            except OSError:
                pass
        return total

    def timed(self, argv: list[str], out: Path) -> tuple[float, int]:
        if self.cpus is not None:
            argv = ["taskset", "-c", ",".join(map(str, self.cpus)), *argv]
        with out.open("wb") as sink:
            started = time.monotonic()
            done = subprocess.run(argv, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
            wall = time.monotonic() - started
        return wall, done.returncode

    def accord(self, only: str | None) -> Run:
        self.counter += 1
        reports = self.tmp / f"reports-{self.counter}"
        argv = [str(ROOT / ".venv" / "bin" / "accord"), "run", "--target", str(self.target)]
        argv += ["--max-examples", str(self.args.max_examples), "--seed", str(self.args.seed)]
        argv += ["--report-dir", str(reports)]
        if only:
            argv += ["--only", only]
        before = self.logged()
        wall, code = self.timed(argv, self.tmp / f"accord-{self.counter}.out")
        run = Run(wall, code, self.logged() - before)
        try:
            report = json.loads((reports / "report.json").read_text())
        except (OSError, ValueError):
            fail(f"accord run wrote no report.json (exit {code}); see {self.tmp}")
        families: dict[str, float] = defaultdict(float)
        for check in report["checks"]:
            families[check["family"]] += check.get("duration") or 0.0
        run.families, run.suite = dict(families), float(report["duration"])
        shutil.rmtree(reports, ignore_errors=True)
        return run

    def plain(self) -> Run:
        self.counter += 1
        wall, code, before = 0.0, 0, self.logged()
        for service, port in self.ports.items():
            token = harness.mint_token(self.data, service_scopes(service), service)
            config = self.tmp / f"schemathesis-{service}.toml"
            config.write_text(plain_config(service, f"http://127.0.0.1:{port}", token, self.args))
            argv = [str(ROOT / ".venv" / "bin" / "schemathesis"), "--config-file", str(config)]
            argv += ["--no-color", "run", str(ROOT / "specs" / service / "openapi.yaml")]
            argv += ["--url", f"http://127.0.0.1:{port}", "--workers", "1"]
            argv += ["--max-examples", str(self.args.max_examples), "--seed", str(self.args.seed)]
            took, status = self.timed(argv, self.tmp / f"plain-{self.counter}-{service}.out")
            wall, code = wall + took, max(code, status)
        return Run(wall, code, self.logged() - before)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-examples", type=int, default=50, help="per operation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--request-timeout", type=float, default=10.0)
    parser.add_argument("--no-full", action="store_true", help="skip (b), the whole-suite run")
    parser.add_argument("--quick", action="store_true", help=f"1 round, {QUICK_EXAMPLES} examples")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (outputs, logs)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.max_examples = 1, QUICK_EXAMPLES
    for tool in ("accord", "schemathesis"):
        if not (ROOT / ".venv" / "bin" / tool).exists():
            fail(f".venv/bin/{tool} is missing; run `pip install -e .[dev]` in {ROOT}/.venv")
    harness.require_tool("taskset", "apt-get install util-linux")
    for service in SERVICES:
        if not (ROOT / "specs" / service / "openapi.yaml").is_file():
            fail(f"specs/{service}/openapi.yaml is missing")
    cpus = harness.cores()
    server_cpus, client_cpus = (cpus[-1:], cpus[:-1]) if len(cpus) > 1 else (None, None)

    load_before = harness.load_average()
    tmp = Path(tempfile.mkdtemp(prefix="accord-bench-harness-"))
    try:
        bench = Bench(tmp, args, client_cpus)
        ports = {name: harness.free_port() for name in SERVICES}
        bench.ports = ports
        write_target(bench.target, ports, bench.data, args.request_timeout)
        serve = harness.Process(
            [str(ROOT / ".venv" / "bin" / "accord"), "serve", "--data-dir", str(bench.data),
             "--orders-port", str(ports["orders"]), "--payments-port", str(ports["payments"])],
            env={"PYTHONWARNINGS": "ignore"},
            cpus=server_cpus,
            log=tmp / "serve.log",
        )  # fmt: skip
        with harness.running(serve, ports["orders"], timeout=60):
            harness.wait_listening(ports["payments"], 60, serve.popen)
            if not (bench.data / "keys" / "dev-issuer.key.pem").is_file():
                fail(f"accord serve made no signing key under {bench.data / 'keys'}")
            subjects = {"accord api": lambda: bench.accord("api"), "plain": bench.plain}
            if not args.no_full:
                subjects["accord full"] = lambda: bench.accord(None)
            console.print(
                f"[dim]{args.rounds} round(s), {args.max_examples} examples per operation, "
                f"seed {args.seed}; services on cpus {server_cpus}, runs on {client_cpus}; "
                f"load before {load_before}[/dim]"
            )
            results: dict[str, list[Run]] = {name: [] for name in subjects}
            for round_no in range(1, args.rounds + 1):
                for name, measure in subjects.items():
                    run = measure()
                    results[name].append(run)
                    console.print(
                        f"[dim]round {round_no} {name}: {run.wall:.1f} s, exit {run.exit}, "
                        f"{run.requests} requests[/dim]"
                    )
        report(results, args)
    finally:
        if args.keep:
            console.print(f"[dim]kept {tmp}[/dim]")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(results: dict[str, list[Run]], args: argparse.Namespace) -> None:
    api, plain = results["accord api"], results["plain"]
    ratios = [a.wall / p.wall for a, p in zip(api, plain, strict=True)]

    def walls(runs: list[Run]) -> str:
        return harness.median_spread([r.wall for r in runs], 1)

    def requests(runs: list[Run]) -> str:
        return harness.median_spread([float(r.requests) for r in runs], 0)

    def exits(runs: list[Run]) -> str:
        return ",".join(str(r.exit) for r in runs)

    rows = [
        ["(a) plain schemathesis, orders + payments", walls(plain), "1.00",
         requests(plain), exits(plain)],
        ["(a) accord run --only api", walls(api), harness.median_spread(ratios),
         requests(api), exits(api)],
    ]  # fmt: skip
    full = results.get("accord full", [])
    if full:
        full_ratios = [f.wall / p.wall for f, p in zip(full, plain, strict=True)]
        rows.append(
            ["(b) accord run, every family", walls(full), harness.median_spread(full_ratios),
             requests(full), exits(full)]
        )  # fmt: skip
        suite = [r.suite for r in full]
        rows.append(
            ["    suite's own duration (report.json)", harness.median_spread(suite, 1), "", "", ""]
        )
        families = sorted({f for r in full for f in r.families}, key=lambda f: -statistics.median(
            [r.families.get(f, 0.0) for r in full]))  # fmt: skip
        for family in families:
            spent = [r.families.get(family, 0.0) for r in full]
            rows.append([f"    family {family}", harness.median_spread(spent, 1), "", "", ""])
        rest = [r.wall - sum(r.families.values()) for r in full]
        rows.append(
            [
                "    outside any check (start, collection, reports)",
                harness.median_spread(rest, 1),
                "",
                "",
                "",
            ]
        )
    api_rest = [r.wall - r.families.get("api", 0.0) for r in api]
    rows.insert(
        2, ["    of which outside the api checks", harness.median_spread(api_rest, 1), "", "", ""]
    )
    table = harness.ratio_table(
        f"Conformance harness vs plain Schemathesis: {args.max_examples} examples per operation, "
        f"seed {args.seed}, {len(plain)} round(s), alternating",
        ["run", "wall s", "x plain", "svc log lines", "exit"],
        rows,
    )
    console.print(table)
    line, _ = harness.verdict(
        "harness overhead (accord api / plain, median)",
        statistics.median(ratios),
        TARGET_RATIO,
        at_least=False,
    )
    console.print(line)


if __name__ == "__main__":
    sys.exit(main())
