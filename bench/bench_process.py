"""Benchmark: what one reference process costs at rest: cold start, RSS per worker, idle CPU.

Per service (Orders, Payments) on the embedded defaults (SQLite + filesystem broker in a temp
ACCORD_DATA_DIR), served as `accord serve` does (`python -m reference.serve`, one worker):

- cold start: from spawn to the first answer to an authenticated request. Orders: the first
  `200` on `GET /orders?limit=1`. Payments has no cheap authenticated `200` on an empty database,
  so its figure is the first answer to `GET /payments/<unknown id>`: a `404` that went through
  auth, validation and a database read.
- RSS of the worker after warm-up (50 requests) and after 2,000 more (a mix of reads and creates).
- idle CPU, % of one core, over `--idle` seconds with no traffic: both services up; Orders while
  Payments is stopped; Orders while Payments is stopped and one payment request is pending (an
  order created while Payments is down, which Orders keeps retrying).

Baseline, side by side in every round, in the same idle windows: the bare Starlette app
(`bench/baseline_app.py`, SQLite) doing the same mix (`GET /orders/<id>`, `POST /orders`); its
cold start is the first answer to `GET /orders/<unknown id>` (a `404`).

Targets (issue 12): idle CPU < 1 % of a core per service (also while the other service is down),
cold start ≤ 1 s, RSS ≤ 150 MB per worker.

    .venv/bin/python -m bench.bench_process [--rounds 3] [--idle 20] [--requests 2000] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path

import httpx

from bench import harness
from bench.harness import Process, console

TARGET_IDLE_PCT = 1.0
TARGET_COLD_S = 1.0
TARGET_RSS_MB = 150.0
WARMUP = 50


def first_answer(
    process: Process, url: str, headers: dict[str, str], want: set[int], timeout: float = 30.0
) -> float:
    """Seconds from now (just after spawn) until `url` answers with one of `want`."""
    started = time.monotonic()
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() - started < timeout:
            assert process.popen is not None
            if process.popen.poll() is not None:
                harness.fail(f"{process.argv[2:4]} exited with status {process.popen.returncode}")
            try:
                if client.get(url, headers=headers).status_code in want:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            time.sleep(0.01)
    harness.fail(f"{url} gave no answer in {want} after {timeout:.0f} s")
    return 0.0


def spawn(argv: list[str], env: dict[str, str], log: Path, url: str, headers, want) -> tuple:
    """Start a process and time its cold start; returns (process, seconds)."""
    process = Process(argv, env=env, log=log).start()
    return process, first_answer(process, url, headers, want)


def idle_cpu(processes: dict[str, Process], seconds: float) -> dict[str, float]:
    """% of one core each process group used over the same `seconds` with no traffic."""
    before = {name: harness.cpu_seconds(p.pids()) for name, p in processes.items()}
    time.sleep(seconds)
    after = {name: harness.cpu_seconds(p.pids()) for name, p in processes.items()}
    return {name: 100 * (after[name] - before[name]) / seconds for name in processes}


def traffic(count: int, one: Callable[[httpx.Client, int], None], base: str) -> None:
    with httpx.Client(base_url=base, timeout=10.0) as client:
        for i in range(count):
            one(client, i)


def orders_mix(headers: dict[str, str]) -> Callable[[httpx.Client, int], None]:
    body = {"customerId": "bench", "items": ["sku-1", "sku-2"], "paymentMethod": "card"}

    def one(client: httpx.Client, i: int) -> None:
        if i % 4 == 0:
            r = client.post("/orders", json=body, headers=headers)
        else:
            r = client.get("/orders", params={"limit": 1}, headers=headers)
        if r.status_code >= 400:
            harness.fail(f"orders answered {r.status_code}: {r.text[:200]}")

    return one


def payments_mix(headers: dict[str, str]) -> Callable[[httpx.Client, int], None]:
    last = {"id": str(uuid.uuid4())}

    def one(client: httpx.Client, i: int) -> None:
        if i % 4 == 0:
            r = client.post("/payments", json={"orderId": str(uuid.uuid4())}, headers=headers)
            if r.status_code == 201:
                last["id"] = r.json()["id"]
        else:
            r = client.get(f"/payments/{last['id']}", headers=headers)
        if r.status_code >= 400:
            harness.fail(f"payments answered {r.status_code}: {r.text[:200]}")

    return one


def baseline_mix() -> Callable[[httpx.Client, int], None]:
    last = {"id": "none"}
    body = {"customerId": "bench", "items": ["sku-1", "sku-2"], "paymentMethod": "card"}

    def one(client: httpx.Client, i: int) -> None:
        if i % 4 == 0:
            last["id"] = client.post("/orders", json=body).json()["id"]
        else:
            client.get(f"/orders/{last['id']}")

    return one


def one_round(args: argparse.Namespace, order: int) -> dict[str, float]:
    """Everything, once, in a fresh data dir; returns the figures by name."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="accord-bench-process-") as tmp:
        data = Path(tmp)
        (data / "logs").mkdir()
        ports = {"orders": harness.free_port(), "payments": harness.free_port()}
        ports["baseline"] = harness.free_port()
        auth = {
            s: {
                "Authorization": "Bearer "
                + harness.mint_token(data, [f"{s}.read", f"{s}.write"], s)
            }
            for s in ("orders", "payments")
        }  # fmt: skip (minting first also makes the one dev key pair before the services race)
        url = {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}
        env = {
            s: harness.reference_env(s, data, ACCORD_PAYMENTS_URL=url["payments"])
            for s in ("orders", "payments")
        }
        argv = {s: harness.reference_argv(s, ports[s]) for s in ("orders", "payments")}
        argv["baseline"] = [harness.PYTHON, "-m", "bench.baseline_app", "--port"]
        argv["baseline"] += [str(ports["baseline"])]
        argv["baseline"] += ["--database-url", f"sqlite:///{data / 'baseline.sqlite3'}"]
        probe = {
            "orders": (f"{url['orders']}/orders?limit=1", auth["orders"], {200}),
            "payments": (f"{url['payments']}/payments/{uuid.uuid4()}", auth["payments"], {404}),
            "baseline": (f"{url['baseline']}/orders/unknown", {}, {404}),
        }
        names = ["payments", "orders", "baseline"]
        if order % 2:  # alternate who starts first; Payments stays before Orders (its peer)
            names = ["baseline", "payments", "orders"]
        procs: dict[str, Process] = {}
        try:
            for name in names:  # one at a time: each cold start has the machine to itself
                log = data / "logs" / f"{name}.out"
                procs[name], figures[f"cold {name}"] = spawn(
                    argv[name], env.get(name, {}), log, *probe[name]
                )
            mixes = {
                "orders": orders_mix(auth["orders"]),
                "payments": payments_mix(auth["payments"]),
                "baseline": baseline_mix(),
            }
            for name in names:
                traffic(WARMUP, mixes[name], url[name])
                figures[f"rss warm {name}"] = harness.rss_mb(procs[name].pid)
            for name in names:
                traffic(args.requests, mixes[name], url[name])
                figures[f"rss after {name}"] = harness.rss_mb(procs[name].pid)
            time.sleep(args.settle)  # the payments of the orders above settle, workers go idle
            for name, pct in idle_cpu(procs, args.idle).items():
                figures[f"idle {name}"] = pct
            procs["payments"].stop()
            time.sleep(args.settle)
            down = idle_cpu({"orders": procs["orders"], "baseline": procs["baseline"]}, args.idle)
            figures["idle orders, payments down"] = down["orders"]
            figures["idle baseline, payments down"] = down["baseline"]
            created = httpx.post(
                f"{url['orders']}/orders",
                json={"customerId": "bench", "items": ["sku-1"]},
                headers=auth["orders"],
            )
            if created.status_code != 201:
                harness.fail(f"POST /orders with Payments down answered {created.status_code}")
            time.sleep(args.settle)
            down = idle_cpu({"orders": procs["orders"], "baseline": procs["baseline"]}, args.idle)
            figures["idle orders, payments down + 1 pending"] = down["orders"]
            figures["idle baseline, payments down + 1 pending"] = down["baseline"]
        finally:
            for process in procs.values():
                process.stop()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds per idle window")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before idle windows")
    parser.add_argument("--requests", type=int, default=2000, help="requests before the 2nd RSS")
    parser.add_argument("--quick", action="store_true", help="1 round, 5 s idle windows")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    if args.quick:
        args.rounds, args.idle, args.settle, args.requests = 1, 5.0, 2.0, 500
    load_before = harness.load_average()
    rounds: list[dict[str, float]] = []
    for i in range(args.rounds):
        console.print(f"round {i + 1}/{args.rounds} (load {harness.load_average()})")
        rounds.append(one_round(args, i))

    def values(key: str) -> list[float]:
        return [r[key] for r in rounds]

    def row(label: str, subject: str, baseline: str, digits: int, unit: str) -> list[str]:
        s, b = values(subject), values(baseline)
        finite = [x / y for x, y in zip(s, b, strict=True) if y > 0]
        ratio = harness.median_spread(finite, 2) + " x" if finite else "inf (baseline 0)"
        spread = harness.median_spread
        return [label, spread(s, digits) + unit, spread(b, digits) + unit, ratio]

    down, pending = "idle orders, payments down", "idle orders, payments down + 1 pending"
    rows = []
    for service in ("orders", "payments"):
        rows += [
            row(f"{service} cold start", f"cold {service}", "cold baseline", 2, " s"),
            row(
                f"{service} RSS after warm-up",
                f"rss warm {service}", "rss warm baseline", 0, " MB",
            ),
            row(
                f"{service} RSS after +{args.requests} req",
                f"rss after {service}", "rss after baseline", 0, " MB",
            ),
            row(f"{service} idle CPU, both up", f"idle {service}", "idle baseline", 2, " %"),
        ]  # fmt: skip
    rows.append(
        row("orders idle CPU, payments down", down, down.replace("orders", "baseline"), 2, " %")
    )
    rows.append(
        row(
            "orders idle CPU, payments down + 1 pending",
            pending,
            pending.replace("orders", "baseline"),
            2,
            " %",
        )
    )
    title = (
        f"Process costs: reference service vs bare Starlette baseline, median (min..max) of "
        f"{args.rounds} round(s), idle windows {args.idle:g} s; load before {load_before}"
    )
    console.print(harness.ratio_table(title, ["subject", "reference", "baseline", "ratio"], rows))

    def check(name: str, key: str, target: float) -> tuple[str, bool]:
        return harness.verdict(name, statistics.median(values(key)), target, at_least=False)

    checks = []
    for service in ("orders", "payments"):
        checks.append(check(f"{service} cold start s", f"cold {service}", TARGET_COLD_S))
        checks.append(check(f"{service} RSS MB per worker", f"rss after {service}", TARGET_RSS_MB))
        checks.append(
            check(f"{service} idle CPU % of a core, both up", f"idle {service}", TARGET_IDLE_PCT)
        )
    checks.append(check("orders idle CPU %, payments down", down, TARGET_IDLE_PCT))
    checks.append(check("orders idle CPU %, payments down + 1 pending", pending, TARGET_IDLE_PCT))
    for line, _ in checks:
        console.print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
