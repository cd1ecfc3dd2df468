"""Connexion handlers, one per operationId: translate HTTP to service-layer calls and back."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from connexion import request

from reference.payments.domain import commands
from reference.payments.service_layer import handlers
from reference.payments.service_layer.idempotency import IdempotencyKeyReused
from reference.payments.service_layer.unit_of_work import SqlUnitOfWork
from reference.shared.http_app import json_response
from reference.shared.problems import ApiProblem

log = logging.getLogger(__name__)


def database_guard(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Answer 503 service_unavailable when the database cannot be reached."""

    @functools.wraps(handler)  # Connexion reads the parameters through __wrapped__
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            log.error("database unavailable: %s", exc.__class__.__name__, exc_info=exc)
            raise ApiProblem(
                "service_unavailable", "The database is unavailable; retry later."
            ) from None

    return guarded


class PaymentsApi:
    """The operations of specs/payments/openapi.yaml (method name = snake_case operationId)."""

    def __init__(self, uow: Callable[[], SqlUnitOfWork]) -> None:
        self._uow = uow

    def create_payment(self, body: dict[str, Any]) -> Any:
        """createPayment: 201 with Location, or the replay of an earlier request with the key."""
        cmd = commands.CreatePayment(body["orderId"], body.get("method", "card"))
        key = request.headers.get("Idempotency-Key")
        try:
            reply = handlers.create_payment(cmd, self._uow(), key, body)
        except IdempotencyKeyReused as exc:
            raise ApiProblem("idempotency_key_reused", str(exc)) from None
        location = {"Location": f"/payments/{reply.body['id']}"} if reply.status == 201 else {}
        return json_response(reply.body, reply.status, location)

    def get_payment(self, id: str) -> Any:
        """getPayment: the payment, or 404."""
        try:
            return json_response(handlers.get_payment(id, self._uow()))
        except handlers.PaymentNotFound as exc:
            raise ApiProblem("not_found", str(exc)) from None
