"""The suite's own reading of the event and log contracts: AsyncAPI channels, service.yaml logging.

Like `conformance.openapi`, deliberately independent of the reference services: what a candidate
must publish and log is read from the specs folder the target names for each service.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from conformance.refs import resolve
from conformance.registry import SetupFailed


@dataclass(frozen=True)
class Contracts:
    """What one service's specs say about its events and its logs."""

    service: str
    published: dict[str, dict[str, Any]] = field(default_factory=dict)  # channel -> payload
    lifecycle_events: tuple[str, ...] = ()
    log_schema: dict[str, Any] | None = None


@functools.lru_cache(maxsize=16)
def contracts(service: str, specs_folder: Path) -> Contracts:
    """Read `service.yaml` and the AsyncAPI document it names (default `asyncapi.yaml`)."""
    manifest = _yaml(specs_folder / "service.yaml", required=False) or {}
    events = specs_folder / manifest.get("events", "asyncapi.yaml")
    logging = manifest.get("logging") or {}
    schema_ref = logging.get("schema")
    return Contracts(
        service=service,
        published=published_channels(_yaml(events, required=False) or {}),
        lifecycle_events=tuple(logging.get("lifecycle_events") or ()),
        log_schema=_yaml(specs_folder / schema_ref, required=True) if schema_ref else None,
    )


@functools.lru_cache(maxsize=16)
def events_document(specs_folder: Path) -> dict[str, Any]:
    """The service's AsyncAPI document (`service.yaml` `events`, default `asyncapi.yaml`)."""
    manifest = _yaml(specs_folder / "service.yaml", required=False) or {}
    events = specs_folder / manifest.get("events", "asyncapi.yaml")
    return _yaml(events, required=False) or {}


def published_channels(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Channel name -> the dereferenced payload schema of the message the service publishes."""
    found = {}
    for name, channel in (document.get("channels") or {}).items():
        message = resolve((channel or {}).get("publish", {}).get("message"), document)
        if isinstance(message, dict) and isinstance(message.get("payload"), dict):
            found[name] = message["payload"]
    return found


def _yaml(path: Path, required: bool) -> Any:
    if not path.exists() and not required:
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SetupFailed(f"cannot read {path}: {type(exc).__name__}") from exc
