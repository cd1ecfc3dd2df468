"""All the wiring of the Orders service: settings, database, broker, workers and the HTTP app.

Run alone: `uvicorn reference.orders.bootstrap:create_app --factory --port 8001` (or gunicorn with
`-k uvicorn_worker.UvicornWorker`); configured by the variables in `reference/shared/settings.py`,
the `ACCORD_ORDERS_*` ones among them (its token for Payments, its event queue, the reconciler's
deadline).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from reference.orders.adapters.db import migrate
from reference.orders.adapters.payments_client import PaymentsClient, ServiceToken
from reference.orders.entrypoints.api import OrdersApi
from reference.orders.entrypoints.consumer import PaymentEventConsumer
from reference.orders.entrypoints.payment_reconciler import PaymentReconciler
from reference.orders.entrypoints.payment_requester import PaymentRequester
from reference.orders.service_layer.messages import event_publisher
from reference.orders.service_layer.unit_of_work import SqlUnitOfWork
from reference.shared import bootstrap as shared
from reference.shared.auth import DevIssuer
from reference.shared.events import payload_schemas, subscribed_channels
from reference.shared.settings import Settings

SERVICE = "orders"
SERVICE_SCOPES = ("payments.write", "payments.read")  # request a payment; read it back
log = logging.getLogger("reference.orders")


def spec_path(name: str) -> Path:
    """A document of the Orders contract (`openapi.yaml`, `asyncapi.yaml`)."""
    return shared.spec_path(SERVICE, name)


@dataclass
class OrdersService(shared.WiredService):
    """The wired service: its HTTP app and the workers that run beside it."""

    consumer: PaymentEventConsumer
    requester: PaymentRequester
    reconciler: PaymentReconciler
    payments: PaymentsClient
    uow: Callable[[], SqlUnitOfWork]  # the units of work its handlers and workers open

    def workers(self) -> list[shared.Worker]:
        """The relay, the consumer, the payment requester and the payment reconciler."""
        return [self.relay, self.consumer, self.requester, self.reconciler]

    def start(self) -> None:
        """Start the relay, the consumer and the payment requester."""
        super().start()
        log.info("orders workers started (queue %s)", self.consumer.queue_name)

    def close(self) -> None:
        """Release the Payments client, the broker and the database connections."""
        self.payments.close()
        super().close()


def bootstrap(
    settings: Settings | None = None,
    *,
    validate_responses: bool | None = None,
    payments_transport: httpx.BaseTransport | None = None,
    queue_name: str | None = None,
) -> OrdersService:
    """Wire the service (migrations applied); workers are started by `start()`."""
    settings = settings or Settings.from_env(SERVICE)
    engine, broker, relay = shared.open_infrastructure(settings, migrate)
    payments = PaymentsClient(
        settings.payments_url, service_token(settings), transport=payments_transport
    )
    notify = _Notifier()
    publisher = event_publisher(notify)
    uow = functools.partial(SqlUnitOfWork, engine, publisher)
    requester = PaymentRequester(uow, payments)
    reconciler = PaymentReconciler(uow, payments, settings.reconcile_after)
    notify.targets += [relay.notify, requester.notify]
    consumer = PaymentEventConsumer(
        broker,
        engine,
        queue_name or settings.orders_queue,
        event_publisher(relay.notify),
        subscribed_channels(spec_path("asyncapi.yaml")),
        payload_schemas(spec_path("asyncapi.yaml")),
    )
    http = shared.service_app(SERVICE, OrdersApi(uow), settings, validate_responses)
    return OrdersService(
        settings, engine, broker, http, relay, consumer, requester, reconciler, payments, uow
    )


def service_token(settings: Settings) -> ServiceToken:
    """ACCORD_ORDERS_SERVICE_TOKEN, or tokens from the development issuer with the scopes Orders
    uses at Payments: `payments.write` to request a payment, `payments.read` for the reconciler to
    read one back."""
    if settings.payments_token:
        return ServiceToken(fixed=settings.payments_token)
    if not settings.uses_dev_issuer:
        log.warning(
            "ACCORD_ORDERS_SERVICE_TOKEN is unset: development tokens are sent to Payments, "
            "which will refuse them unless it trusts the development issuer"
        )
    issuer = DevIssuer(settings.data_dir, issuer=settings.jwt_issuer)
    return ServiceToken(
        mint=lambda ttl: issuer.mint(list(SERVICE_SCOPES), "payments", subject=SERVICE, ttl=ttl)
    )


class _Notifier:
    """Calls every target (relay, payment requester) after an order commit."""

    def __init__(self) -> None:
        self.targets: list[Any] = []

    def __call__(self) -> None:
        for target in self.targets:
            target()


def create_app() -> Any:
    """The ASGI app factory for uvicorn/gunicorn (`--factory`), configured from the environment."""
    return shared.asgi_from_env(SERVICE, bootstrap)
