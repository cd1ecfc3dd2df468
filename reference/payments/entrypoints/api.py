"""Connexion handlers, one per operationId: translate HTTP to service-layer calls and back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion import request

from reference.payments.domain import commands
from reference.payments.service_layer import handlers
from reference.payments.service_layer.unit_of_work import AbstractUnitOfWork
from reference.shared.http_app import json_response
from reference.shared.idempotency_key import IdempotencyKey
from reference.shared.not_found import NotFound
from reference.shared.persistence import IdempotencyKeyReused
from reference.shared.problems import ApiProblem


class PaymentsApi:
    """The operations of specs/payments/openapi.yaml (method name = snake_case operationId)."""

    def __init__(self, uow: Callable[[], AbstractUnitOfWork]) -> None:
        self._uow = uow

    def create_payment(self, body: dict[str, Any]) -> Any:
        """createPayment: 201 with Location, or the replay of an earlier request with the key."""
        key = IdempotencyKey.of(request.headers.get("Idempotency-Key"), body)
        cmd = commands.CreatePayment(body["orderId"], body.get("method", "card"), key)
        try:
            reply = handlers.create_payment(cmd, self._uow())
        except IdempotencyKeyReused as exc:
            raise ApiProblem("idempotency_key_reused", str(exc)) from None
        location = {"Location": f"/payments/{reply.body['id']}"} if reply.status == 201 else {}
        return json_response(reply.body, reply.status, location)

    def get_payment(self, id: str) -> Any:
        """getPayment: the payment, or 404."""
        try:
            return json_response(handlers.get_payment(id, self._uow()))
        except NotFound as exc:
            raise ApiProblem("not_found", str(exc)) from None
