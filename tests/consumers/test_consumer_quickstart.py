"""docs/consumers.md, run as a consumer team would (issue 14), so that the quickstart cannot rot.

A real `accord serve` on free ports in a fresh folder; the token and client-generation commands
and the Python blocks of the page, as written (only the ports substituted, and the generated
clients put on `sys.path` instead of `pip install`, which would change this environment); then
the pact commands of its last step, with the pact written to a temporary folder. On the way it
checks what the issue found in the way: the console shows the banner and no JSON log lines, and
the spec Swagger UI reads names the URL the service runs on."""

from __future__ import annotations

import importlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from accord.bundled import REPO_ROOT

pytestmark = pytest.mark.slow

PAGE = REPO_ROOT / "docs" / "consumers.md"
BIN = Path(sys.executable).parent
TOOLS = {
    "accord": [sys.executable, "-m", "accord"],
    "openapi-python-client": [sys.executable, "-m", "openapi_python_client"],
    "pytest": [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
}
DEFAULT_URLS = {"orders": "http://127.0.0.1:8001", "payments": "http://127.0.0.1:8002"}


def blocks(language: str) -> list[str]:
    """The page's fenced code blocks in `language`, in order."""
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def commands(prefix: str) -> list[list[str]]:
    """The page's shell command lines that start with `prefix` (inside `$(...)` too)."""
    found = []
    for block in blocks("sh"):
        for line in block.splitlines():
            line = re.sub(r"^export \w+=\$\((.*)\)$", r"\1", line.strip())
            if line.startswith(prefix):
                words = shlex.split(line)
                found.append([*TOOLS[words[0]], *words[1:]])
    assert found, f"docs/consumers.md has no `{prefix}` command any more"
    return found


def run(argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 60) -> str:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{shlex.join(argv)}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@pytest.fixture
def workdir(tmp_path):
    """A fresh folder where `specs/` is the project's, as at the root of a checkout."""
    (tmp_path / "specs").symlink_to(REPO_ROOT / "specs", target_is_directory=True)
    return tmp_path


@pytest.fixture
def env(workdir):
    """The environment of the commands: this venv's tools first, no inherited data dir."""
    values = {k: v for k, v in os.environ.items() if not k.startswith("ACCORD_")}
    values["PATH"] = f"{BIN}{os.pathsep}{values.get('PATH', '')}"  # ruff, for the generator
    values["PACT_DO_NOT_TRACK"] = "true"
    return values


@pytest.fixture
def served(workdir, env):
    """`accord serve` as section 1 says, on free ports; yields the URLs and the console."""
    ports = dict(zip(("orders", "payments"), free_ports(2), strict=True))
    [serve] = commands("accord serve")
    argv = [
        *serve,
        "--orders-port",
        str(ports["orders"]),
        "--payments-port",
        str(ports["payments"]),
    ]
    console = workdir / "console.txt"
    with console.open("wb") as out:
        process = subprocess.Popen(argv, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 40
    while "Press Ctrl-C to stop." not in console.read_text(errors="replace"):
        assert process.poll() is None, console.read_text()[-3000:]
        assert time.monotonic() < deadline, "accord serve did not start"
        time.sleep(0.1)
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    yield urls, console
    process.send_signal(signal.SIGINT)
    assert process.wait(30) == 0, console.read_text()[-3000:]


def test_the_consumer_quickstart_runs_as_written(workdir, env, served, monkeypatch):
    urls, console = served
    data_dir = workdir / "var"
    banner = console.read_text()
    assert f"Swagger UI: {urls['orders']}/ui/" in banner and f"--data-dir {data_dir}" in banner
    assert f"{data_dir}/logs/orders.jsonl" in banner
    assert not [line for line in banner.splitlines() if line.startswith("{")], "JSON on console"
    for service, url in urls.items():  # Swagger UI's Servers list: where the service runs
        spec = httpx.get(f"{url}/openapi.json").json()
        assert [s["url"] for s in spec["servers"]] == [url], service

    # 2. Mint a token, and 3. generate the typed clients, with the page's own commands.
    [token] = commands("accord token")
    monkeypatch.setenv("TOKEN", run(token, workdir, env).strip())
    for generate in commands("openapi-python-client generate"):
        run(generate, workdir, env)
    for name in ("orders_api_client", "payments_api_client"):
        project = workdir / f"{name.replace('_', '-')}"
        assert (project / name / "__init__.py").is_file(), f"{name} was not generated"
        monkeypatch.syspath_prepend(str(project))
    importlib.invalidate_caches()

    # 4. and 5.: the Python blocks, in order, in one namespace, against the ports used here.
    monkeypatch.setenv("ACCORD_DATA_DIR", str(data_dir))
    namespace: dict = {"__name__": "consumers_quickstart"}
    for number, code in enumerate(blocks("python"), 1):
        for service, default in DEFAULT_URLS.items():
            code = code.replace(default, urls[service])
        exec(compile(code, f"docs/consumers.md python block {number}", "exec"), namespace)
    assert namespace["paid"].status == "paid"
    assert namespace["declined"].payment.status == "failed"
    assert namespace["payment"].failure_reason == "card_declined"
    assert set(namespace["events"]) == {"order.created", "payment.successful", "order.updated"}
    for name in list(sys.modules):
        if name.split(".")[0] in ("orders_api_client", "payments_api_client"):
            del sys.modules[name]

    # 6. The pact from the consumer's tests, written aside, then checked against the specs.
    [consumer_tests] = commands("pytest examples/shipping-notifier/")
    run(consumer_tests, REPO_ROOT, {**env, "ACCORD_PACTS_OUT": str(workdir / "pacts")})
    pact = json.loads((workdir / "pacts" / "shipping-notifier-orders.json").read_text())
    assert pact["consumer"]["name"] == "shipping-notifier"
    [check] = commands("accord pact check")
    run(check, workdir, env)
