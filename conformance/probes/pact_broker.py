"""Pacts from a Pact Broker: the latest pact of each consumer of each target service.

HAL, as the Pact Broker serves it: `GET /pacts/provider/{provider}/latest` lists the pacts
(`_links["pb:pacts"]`, each with an `href`); each is fetched and written to a temporary folder as
`<consumer>-<provider>.json`, so the Verifier reads exactly what the suite enumerated.
Credentials come from the environment, as for Pact's own tools: `PACT_BROKER_TOKEN` (bearer) or
`PACT_BROKER_USERNAME` / `PACT_BROKER_PASSWORD` (basic); never from the target file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from conformance.registry import SetupFailed


def _auth() -> tuple[dict[str, str], tuple[str, str] | None]:
    token = os.environ.get("PACT_BROKER_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}, None
    user = os.environ.get("PACT_BROKER_USERNAME")
    if user:
        return {}, (user, os.environ.get("PACT_BROKER_PASSWORD", ""))
    return {}, None


def fetch_pacts(broker_url: str, providers: list[str], timeout: float = 10.0) -> Path:
    """A temporary folder holding the latest pact of every consumer of `providers`."""
    headers, auth = _auth()
    headers["Accept"] = "application/hal+json, application/json"
    folder = Path(tempfile.mkdtemp(prefix="accord-broker-pacts-"))
    with httpx.Client(headers=headers, auth=auth, timeout=timeout) as client:
        for provider in providers:
            url = f"{broker_url}/pacts/provider/{quote(provider)}/latest"
            listing = _get(client, url)
            if listing is None:
                continue  # the broker knows no pact for this provider
            links = (listing.get("_links") or {}).get("pb:pacts") or []
            for link in links if isinstance(links, list) else [links]:
                pact = _get(client, link["href"])
                if pact is None:
                    continue
                name = f"{pact['consumer']['name']}-{pact['provider']['name']}.json"
                (folder / _safe(name)).write_text(json.dumps(pact, indent=2), encoding="utf-8")
    return folder


def _get(client: httpx.Client, url: str) -> dict[str, Any] | None:
    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        raise SetupFailed(f"the Pact Broker did not answer {url}: {type(exc).__name__}") from exc
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise SetupFailed(f"the Pact Broker answered {response.status_code} for {url}")
    try:
        found: dict[str, Any] | None = response.json()
        return found
    except ValueError as exc:
        raise SetupFailed(f"the Pact Broker answered {url} with no JSON") from exc


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)
