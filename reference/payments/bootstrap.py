"""All the wiring of the Payments service: settings, database, broker, relay and the HTTP app.

Run alone: `uvicorn reference.payments.bootstrap:create_app --factory --port 8002` (or gunicorn with
`-k uvicorn_worker.UvicornWorker`); configured by the variables in `reference/shared/settings.py`.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reference.payments.adapters.db import migrate
from reference.payments.entrypoints.api import PaymentsApi
from reference.payments.service_layer.messages import event_publisher
from reference.payments.service_layer.unit_of_work import SqlUnitOfWork
from reference.shared import bootstrap as shared
from reference.shared.settings import Settings

SERVICE = "payments"
log = logging.getLogger("reference.payments")


def spec_path(name: str) -> Path:
    """A document of the Payments contract (`openapi.yaml`, `asyncapi.yaml`)."""
    return shared.spec_path(SERVICE, name)


@dataclass
class PaymentsService(shared.WiredService):
    """The wired service: its HTTP app and the outbox relay beside it."""

    def start(self) -> None:
        """Start the outbox relay."""
        super().start()
        log.info("payments relay started")


def bootstrap(
    settings: Settings | None = None, *, validate_responses: bool | None = None
) -> PaymentsService:
    """Wire the service (migrations applied); the relay is started by `start()`."""
    settings = settings or Settings.from_env(SERVICE)
    engine, broker, relay = shared.open_infrastructure(settings, migrate)
    uow = functools.partial(SqlUnitOfWork, engine, event_publisher(relay.notify))
    http = shared.service_app(SERVICE, PaymentsApi(uow), settings, validate_responses)
    return PaymentsService(settings, engine, broker, http, relay)


def create_app() -> Any:
    """The ASGI app factory for uvicorn/gunicorn (`--factory`), configured from the environment."""
    return shared.asgi_from_env(SERVICE, bootstrap)
