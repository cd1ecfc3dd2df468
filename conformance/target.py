"""The candidate deployment: service URLs and specs, broker, tokens, log sources and waived checks.

A target file is YAML described by `accord/schemas/target.schema.json`. Loading it validates it and
resolves relative paths against the file's folder; any problem is one `TargetError` line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import yaml

from accord import bundled

SCHEMA_NAME = "target.schema.json"
DEFAULT_EXCHANGE = "accord.events"
DEFAULT_TIMEOUTS = {"connect": 2.0, "request": 10.0, "event": 10.0, "logs": 10.0, "flow": 30.0}


class TargetError(Exception):
    """The target cannot be used: a one-line reason."""


@dataclass(frozen=True)
class LogSource:
    """Where a service's JSON-lines logs are read: a file, or a command printing them."""

    file: Path | None = None
    command: str | None = None


@dataclass(frozen=True)
class Service:
    name: str
    base_url: str
    specs: Path
    logs: LogSource | None = None
    state_change_url: str | None = None  # a Pact provider state-change endpoint (optional)


@dataclass(frozen=True)
class Broker:
    url: str
    exchange: str = DEFAULT_EXCHANGE
    data_folder: Path | None = None


@dataclass(frozen=True)
class PactSource:
    """Where the pacts family reads pacts: a folder or file, or a Pact Broker URL."""

    path: Path | None = None
    broker_url: str | None = None

    def __str__(self) -> str:
        return self.broker_url or str(self.path)


def default_flows() -> tuple[Path, ...]:
    """The bundled Arazzo flows (`specs/flows/`), when they are there."""
    folder = bundled.specs_dir() / "flows"
    return (folder,) if folder.is_dir() else ()


def default_pacts() -> PactSource:
    """The repository's own `pacts/` folder."""
    return PactSource(path=bundled.REPO_ROOT / "pacts")


@dataclass(frozen=True)
class Target:
    """A loaded, validated target file."""

    path: Path
    services: dict[str, Service]
    broker: Broker | None = None
    tokens: dict[str, Any] | None = None
    timeouts: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TIMEOUTS))
    waivers: dict[str, str] = field(default_factory=dict)
    pacts: PactSource = field(default_factory=default_pacts)
    flows: tuple[Path, ...] = field(default_factory=lambda: default_flows())

    def missing(self, requirement: str) -> str | None:
        """Why an input a family needs is absent from this target, or None when present."""
        if requirement == "broker" and self.broker is None:
            return "the target names no broker"
        if requirement == "tokens" and self.tokens is None:
            return "the target says no way to get tokens (tokens)"
        if requirement == "logs" and not any(s.logs for s in self.services.values()):
            return "the target names no log source for any service"
        return None


def load_target(path: str | Path) -> Target:
    """Read, validate and resolve a target file; TargetError on any problem."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TargetError(f"cannot read target file {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        raise TargetError(f"{path} is not valid YAML{line}") from exc
    _validate(raw, path)
    return _build(raw, path.resolve().parent, path)


def _validate(raw: Any, path: Path) -> None:
    schema = json.loads(bundled.schema_path(SCHEMA_NAME).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(raw), key=lambda e: (len(e.path), list(e.path)))
    if errors:
        error = jsonschema.exceptions.best_match(errors)
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        raise TargetError(f"{path}: {pointer}: {_one_line(error.message)}")


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _build(raw: dict[str, Any], root: Path, path: Path) -> Target:
    services = {name: _service(name, spec, root) for name, spec in raw["services"].items()}
    for service in services.values():
        if not service.specs.is_dir():
            raise TargetError(
                f"service {service.name}: specs folder {service.specs} does not exist"
            )
    pacts = _pacts(raw.get("pacts"), root)
    if pacts.path is not None and "pacts" in raw and not pacts.path.exists():
        raise TargetError(f"pacts: {pacts.path} does not exist")
    broker = raw.get("broker")
    return Target(
        path=path.resolve(),
        services=services,
        broker=_broker(broker, root) if broker else None,
        tokens=_tokens(raw.get("tokens"), root),
        timeouts={**DEFAULT_TIMEOUTS, **raw.get("timeouts", {})},
        waivers={w["check"]: w["reason"] for w in raw.get("waivers", [])},
        pacts=pacts,
        flows=_flows(raw.get("flows"), root),
    )


def _service(name: str, spec: dict[str, Any], root: Path) -> Service:
    specs = root / spec["specs"] if "specs" in spec else bundled.specs_dir() / name
    logs = spec.get("logs")
    source = None
    if logs:
        file = logs.get("file")
        source = LogSource(file=root / file if file else None, command=logs.get("command"))
    state_change_url = spec.get("state_change_url")
    return Service(name, spec["base_url"].rstrip("/"), specs.resolve(), source, state_change_url)


def _flows(spec: list[str] | None, root: Path) -> tuple[Path, ...]:
    if spec is None:
        return default_flows()
    paths = tuple((root / p).resolve() for p in spec)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise TargetError(f"flows: {', '.join(missing)} does not exist")
    return paths


def _pacts(spec: str | None, root: Path) -> PactSource:
    if spec is None:
        return default_pacts()
    if spec.startswith(("http://", "https://")):
        return PactSource(broker_url=spec.rstrip("/"))
    return PactSource(path=(root / spec).resolve())


def _broker(spec: dict[str, Any], root: Path) -> Broker:
    folder = spec.get("data_folder")
    return Broker(
        url=spec["url"],
        exchange=spec.get("exchange", DEFAULT_EXCHANGE),
        data_folder=(root / folder).resolve() if folder else None,
    )


def _tokens(spec: dict[str, Any] | None, root: Path) -> dict[str, Any] | None:
    if not spec or "mint" not in spec:
        return spec
    mint = dict(spec["mint"])
    mint["private_key_file"] = (root / mint["private_key_file"]).resolve()
    return {"mint": mint}


def check_reachable(target: Target, timeout: float | None = None) -> None:
    """TargetError naming the first service that does not answer HTTP at its base URL."""
    timeout = timeout or target.timeouts["connect"]
    for service in target.services.values():
        try:
            httpx.get(service.base_url + "/", timeout=timeout)
        except httpx.HTTPError as exc:
            reason = type(exc).__name__
            raise TargetError(
                f"service {service.name} is not reachable at {service.base_url} ({reason})"
            ) from exc
