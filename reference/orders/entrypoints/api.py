"""Connexion handlers, one per operationId: translate HTTP to service-layer calls and back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion import request

from reference.orders.domain import commands
from reference.orders.domain.model import IllegalTransition
from reference.orders.service_layer import handlers
from reference.orders.service_layer.unit_of_work import AbstractUnitOfWork
from reference.shared.http_app import json_response
from reference.shared.idempotency_key import IdempotencyKey
from reference.shared.not_found import NotFound
from reference.shared.persistence import IdempotencyKeyReused
from reference.shared.problems import ApiProblem


class OrdersApi:
    """The operations of specs/orders/openapi.yaml (method name = snake_case operationId)."""

    def __init__(self, uow: Callable[[], AbstractUnitOfWork]) -> None:
        self._uow = uow

    def create_order(self, body: dict[str, Any]) -> Any:
        """createOrder: 201 with Location, or the replay of an earlier request with the same key."""
        cmd = commands.CreateOrder(
            body["customerId"],
            body["items"],
            body.get("paymentMethod", "card"),
            IdempotencyKey.of(request.headers.get("Idempotency-Key"), body),
        )
        try:
            reply = handlers.create_order(cmd, self._uow())
        except IdempotencyKeyReused as exc:
            raise ApiProblem("idempotency_key_reused", str(exc)) from None
        return json_response(reply.body, reply.status, _location(reply.status, reply.body))

    def get_order(self, id: str) -> Any:
        """getOrder: the order, or 404."""
        try:
            return json_response(handlers.get_order(id, self._uow()))
        except NotFound as exc:
            raise ApiProblem("not_found", str(exc)) from None

    def list_orders(self, limit: int = 20, offset: int = 0) -> Any:
        """listOrders: one page."""
        return json_response(handlers.list_orders(limit, offset, self._uow()))

    def update_order_status(self, id: str, body: dict[str, Any]) -> Any:
        """updateOrderStatus: one step forward, else 409; unknown id 404."""
        cmd = commands.ChangeOrderStatus(id, body["status"])
        try:
            return json_response(handlers.change_order_status(cmd, self._uow()))
        except NotFound as exc:
            raise ApiProblem("not_found", str(exc)) from None
        except IllegalTransition as exc:
            raise ApiProblem("invalid_transition", str(exc)) from None


def _location(status: int, body: dict[str, Any]) -> dict[str, str]:
    return {"Location": f"/orders/{body['id']}"} if status == 201 else {}
