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

import connexion
import sqlalchemy as sa
from connexion.resolver import Resolver

from accord.bundled import specs_dir
from reference.payments.adapters.db import create_engine, migrate
from reference.payments.entrypoints.api import PaymentsApi
from reference.payments.service_layer.messages import EventPublisher
from reference.payments.service_layer.unit_of_work import SqlUnitOfWork
from reference.serve import LifespanApp
from reference.shared.auth import TokenVerifier
from reference.shared.events import Broker, OutboxRelay
from reference.shared.http_app import build_app, database_guard, snake_case
from reference.shared.logs import configure_logging
from reference.shared.settings import Settings

SERVICE = "payments"
log = logging.getLogger("reference.payments")


def spec_path(name: str) -> Path:
    """A document of the Payments contract (`openapi.yaml`, `asyncapi.yaml`)."""
    return specs_dir() / SERVICE / name


@dataclass
class PaymentsService:
    """The wired service: its HTTP app and the outbox relay beside it."""

    settings: Settings
    engine: sa.Engine
    broker: Broker
    http: connexion.FlaskApp
    relay: OutboxRelay

    def start(self) -> None:
        """Start the outbox relay."""
        self.relay.start()
        log.info("payments relay started")

    def stop(self) -> None:
        """Stop the relay and release connections."""
        self.relay.stop()
        self.broker.close()
        self.engine.dispose()

    def asgi(self) -> Any:
        """The ASGI app, starting and stopping the relay with the server's lifespan."""
        return LifespanApp(self.http, self.start, self.stop)


def bootstrap(
    settings: Settings | None = None, *, validate_responses: bool | None = None
) -> PaymentsService:
    """Wire the service (migrations applied); the relay is started by `start()`."""
    settings = settings or Settings.from_env(SERVICE)
    engine = create_engine(settings.database_url)
    migrate(engine)
    broker = Broker(settings.broker_url, settings.exchange, settings.data_dir)
    relay = OutboxRelay(engine, broker)
    uow = functools.partial(SqlUnitOfWork, engine, EventPublisher(relay.notify))
    api = PaymentsApi(uow)
    http = build_app(
        spec_path("openapi.yaml"),
        service=SERVICE,
        handlers=Resolver(
            lambda operation_id: database_guard(getattr(api, snake_case(operation_id)))
        ),
        verifier=TokenVerifier.from_settings(settings),
        settings=settings,
        validate_responses=validate_responses,
    )
    return PaymentsService(settings, engine, broker, http, relay)


def create_app() -> Any:
    """The ASGI app factory for uvicorn/gunicorn (`--factory`), configured from the environment."""
    settings = Settings.from_env(SERVICE)
    configure_logging(SERVICE, settings.log_file)
    return bootstrap(settings).asgi()
