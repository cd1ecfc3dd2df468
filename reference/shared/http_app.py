"""Builds a service's Connexion FlaskApp from its OpenAPI spec with Accord's infrastructure."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import connexion
import sqlalchemy as sa
import yaml
from connexion.middleware import MiddlewarePosition
from connexion.middleware.main import ConnexionMiddleware
from connexion.middleware.server_error import ServerErrorMiddleware
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.openapi_paths import METHODS, template_regex
from reference.shared import wsgi_bridge
from reference.shared.auth import BearerSecurityHandler, TokenVerifier
from reference.shared.problems import (
    ApiProblem,
    check_against_spec,
    handle_unexpected,
    install_error_handlers,
)
from reference.shared.request_guards import OperationGuardMiddleware, RequestLimitsMiddleware
from reference.shared.served_spec import ServedServersMiddleware
from reference.shared.settings import Settings
from reference.shared.tracing import TracingMiddleware, configure_tracing
from reference.shared.validation import VALIDATOR_MAP

# In the order `Allow` lists them.
log = logging.getLogger(__name__)


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> tuple[Any, int, dict[str, str]]:
    """A handler result with an explicit JSON Content-Type.

    Operations that also document problem+json responses need it: without an explicit type
    Connexion cannot choose and answers 500.
    """
    return body, status, {**(headers or {}), "Content-Type": "application/json"}


def snake_case(operation_id: str) -> str:
    """`createOrder` -> `create_order`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", operation_id).lower()


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


def build_app(
    spec_path: Path | str,
    *,
    service: str,
    handlers: Resolver,
    verifier: TokenVerifier,
    settings: Settings,
    validate_responses: bool | None = None,
) -> connexion.FlaskApp:
    """A FlaskApp serving `spec_path` with our auth, validation, problems and tracing."""
    spec_path = Path(spec_path).resolve()
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    check_against_spec(spec)
    configure_tracing(service, console=settings.trace_console)
    middlewares = [
        functools.partial(ServerErrorMiddleware, handler=handle_unexpected)
        if m is ServerErrorMiddleware
        else m
        for m in ConnexionMiddleware.default_middlewares
    ]
    app = connexion.FlaskApp(
        service,
        middlewares=middlewares,
        specification_dir=spec_path.parent,
        swagger_ui_options=SwaggerUIOptions(swagger_ui=True, swagger_ui_path="/ui"),
    )
    wsgi_bridge.install(app)
    app.add_middleware(SpecAllowMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, spec=spec)
    # Outermost of ours: the span is current for everything, error handlers included.
    app.add_middleware(
        TracingMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, routes=_routes(spec)
    )
    app.add_middleware(
        RequestLimitsMiddleware,
        position=MiddlewarePosition.BEFORE_SWAGGER,
        max_bytes=settings.max_body_bytes,
    )
    app.add_middleware(
        ServedServersMiddleware,
        position=MiddlewarePosition.BEFORE_SWAGGER,
        description=f"This {service} service (where this page was loaded from)",
    )
    app.add_middleware(
        OperationGuardMiddleware,
        position=MiddlewarePosition.BEFORE_VALIDATION,
        routes=_routes(spec),
        produces=_produces(spec),
        consumes=_consumes(spec),
    )
    install_error_handlers(app)
    app.add_api(
        spec_path.name,
        resolver=handlers,
        strict_validation=True,
        validate_responses=(
            settings.validate_responses if validate_responses is None else validate_responses
        ),
        validator_map=VALIDATOR_MAP,
        security_map={"bearer": BearerSecurityHandler.bind(verifier, realm=service)},
    )
    return app


def _operations(spec: Mapping[str, Any]):
    for path, item in (spec.get("paths") or {}).items():
        for method, operation in item.items():
            if method in METHODS and isinstance(operation, dict):
                yield path, method, operation


def _routes(spec: Mapping[str, Any]) -> dict[str, str]:
    return {op["operationId"]: path for path, _, op in _operations(spec) if "operationId" in op}


def _produces(spec: Mapping[str, Any]) -> dict[str, set[str]]:
    produces: dict[str, set[str]] = {}
    for _, _, op in _operations(spec):
        types = {
            media.lower()
            for response in (op.get("responses") or {}).values()
            if isinstance(response, dict)
            for media in (response.get("content") or {})
        }
        if "operationId" in op and types:
            produces[op["operationId"]] = types
    return produces


def _consumes(spec: Mapping[str, Any]) -> dict[str, set[str]]:
    return {
        op["operationId"]: {media.lower() for media in op["requestBody"].get("content") or {}}
        for _, _, op in _operations(spec)
        if "operationId" in op and isinstance(op.get("requestBody"), dict)
    }


class SpecAllowMiddleware:
    """On a 405, `Allow` lists every method the spec documents for the path, and only those.

    Connexion's router names only the methods of the first route matching the path
    (`Allow: POST` for `/orders`, which also has GET; `HEAD, GET` for `/orders/{id}`).
    """

    def __init__(self, app: ASGIApp, spec: Mapping[str, Any]) -> None:
        self.app = app
        self.paths = [
            (_path_pattern(path), ", ".join(m.upper() for m in METHODS if m in item))
            for path, item in (spec.get("paths") or {}).items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allowed = next((m for p, m in self.paths if p.match(scope["path"])), None)
                if allowed:
                    headers = [
                        (k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"
                    ]
                    message["headers"] = [*headers, (b"allow", allowed.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_)


def _path_pattern(template: str) -> re.Pattern[str]:
    return re.compile(f"^{template_regex(template)}/?$")
