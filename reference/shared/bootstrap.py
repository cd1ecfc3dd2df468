"""Wiring every reference service repeats: its contract, database, broker, HTTP app and lifecycle.

Each service's own `bootstrap.py` adds its specifics (its API, consumers, workers, clients)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import connexion
import sqlalchemy as sa
from connexion.resolver import Resolver

from accord.bundled import specs_dir
from reference.shared.auth import TokenVerifier
from reference.shared.events import Broker, OutboxRelay
from reference.shared.http_app import build_app, database_guard, snake_case
from reference.shared.lifespan import LifespanApp
from reference.shared.logs import configure_logging
from reference.shared.persistence import create_engine
from reference.shared.settings import Settings


def spec_path(service: str, name: str) -> Path:
    """A document of the service's contract (`openapi.yaml`, `asyncapi.yaml`)."""
    return specs_dir() / service / name


def open_infrastructure(
    settings: Settings, migrate: Callable[[sa.Engine], None]
) -> tuple[sa.Engine, Broker, OutboxRelay]:
    """The service's database (migrated), its broker, and the relay of its outbox (not started)."""
    engine = create_engine(settings.database_url)
    migrate(engine)
    broker = Broker(settings.broker_url, settings.exchange, settings.data_dir)
    return engine, broker, OutboxRelay(engine, broker)


def service_app(
    service: str, api: Any, settings: Settings, validate_responses: bool | None
) -> connexion.FlaskApp:
    """The service's HTTP app: each `operationId` of its OpenAPI served by `api`'s method."""
    return build_app(
        spec_path(service, "openapi.yaml"),
        service=service,
        handlers=Resolver(
            lambda operation_id: database_guard(getattr(api, snake_case(operation_id)))
        ),
        verifier=TokenVerifier.from_settings(settings),
        settings=settings,
        validate_responses=validate_responses,
    )


class Worker(Protocol):
    """What runs beside the HTTP app: an outbox relay, an event consumer, a background worker."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class WiredService:
    """A wired service: its HTTP app and the workers that run beside it."""

    settings: Settings
    engine: sa.Engine
    broker: Broker
    http: connexion.FlaskApp
    relay: OutboxRelay

    def workers(self) -> list[Worker]:
        """The workers in start order (they stop in reverse)."""
        return [self.relay]

    def start(self) -> None:
        """Start the workers."""
        for worker in self.workers():
            worker.start()

    def stop(self) -> None:
        """Stop the workers, last started first, and release connections."""
        for worker in reversed(self.workers()):
            worker.stop()
        self.close()

    def close(self) -> None:
        """Release the broker and the database connections."""
        self.broker.close()
        self.engine.dispose()

    def asgi(self) -> Any:
        """The ASGI app, starting and stopping the workers with the server's lifespan."""
        return LifespanApp(self.http, self.start, self.stop)


def asgi_from_env(service: str, bootstrap: Callable[[Settings], WiredService]) -> Any:
    """The service's ASGI app configured from the environment, logging as JSON lines."""
    settings = Settings.from_env(service)
    configure_logging(service, settings.log_file, console=settings.log_console)
    return bootstrap(settings).asgi()
