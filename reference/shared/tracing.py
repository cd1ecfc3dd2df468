"""OpenTelemetry context: continue an incoming `traceparent`, pass it on to calls and events."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_lock = threading.Lock()
_configured = False
TRACER_NAME = "accord.reference"


def configure_tracing(service: str, console: bool = False) -> None:
    """Install the SDK tracer provider once per process (`console`: print spans on stdout too)."""
    global _configured
    with _lock:
        if _configured:
            return
        from opentelemetry.sdk.resources import Resource

        provider = TracerProvider(resource=Resource.create({"service.name": service}))
        if console:
            provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
        trace.set_tracer_provider(provider)
        _configured = True


@functools.cache
def tracer() -> trace.Tracer:
    """The tracer of the reference services (one: `get_tracer` costs more than a span)."""
    # Taken before configure_tracing it is a proxy that follows the provider set later.
    return trace.get_tracer(TRACER_NAME)


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the current span, or None outside any span."""
    return inject_headers({}).get("traceparent")


def inject_headers(headers: dict[str, str]) -> dict[str, str]:
    """Add the current trace context (`traceparent`) to outgoing headers; returns them."""
    propagate.inject(headers)
    return headers


@contextmanager
def span(
    name: str, parent_traceparent: str | None = None, kind: trace.SpanKind = trace.SpanKind.INTERNAL
) -> Iterator[trace.Span]:
    """A current span; with `parent_traceparent` (e.g. from an event) it continues that trace."""
    parent = None
    if parent_traceparent is not None:
        # An invalid traceparent extracts to an empty context: the span then starts a new trace.
        parent = propagate.extract({"traceparent": parent_traceparent})
    with tracer().start_as_current_span(name, context=parent, kind=kind) as current:
        yield current


_TRACE_HEADERS = {b"traceparent", b"tracestate"}  # what the W3C propagator reads (lower case)


class TracingMiddleware:
    """ASGI middleware: one server span per request, current for the handler and error handlers."""

    def __init__(self, app: ASGIApp, routes: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.routes = dict(routes or {})  # operationId -> path template, for span names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in scope["headers"]
            if k in _TRACE_HEADERS
        }
        parent = propagate.extract(carrier)
        method = scope["method"]
        # Routing runs further in and records the operation in this shared dict.
        scope.setdefault("extensions", {})
        with tracer().start_as_current_span(
            method, context=parent, kind=trace.SpanKind.SERVER
        ) as current:
            # Context vars set here reach the Flask handler: a2wsgi runs it in a copy of this
            # context (tested in tests/reference/shared).
            await self.app(scope, receive, self._send(send, current))
            self._name(current, scope)

    def _send(self, send: Send, current: trace.Span) -> Send:
        async def send_(message: Message) -> None:
            if message["type"] == "http.response.start":
                current.set_attribute("http.response.status_code", message["status"])
                context = current.get_span_context()
                if context.is_valid:
                    # The W3C form the propagator writes, without a propagator round trip.
                    header = f"00-{context.trace_id:032x}-{context.span_id:016x}-"
                    header += f"{context.trace_flags:02x}"
                    message["headers"] = [
                        *message.get("headers", []),
                        (b"traceparent", header.encode("latin-1")),
                    ]
            await send(message)

        return send_

    def _name(self, current: trace.Span, scope: Scope) -> None:
        routing: Any = scope.get("extensions", {}).get("connexion_routing", {})
        operation_id = routing.get("operation_id")
        route = self.routes.get(operation_id) if operation_id else None
        current.update_name(f"{scope['method']} {route or operation_id or 'unmatched'}")
        current.set_attribute("http.request.method", scope["method"])
        if route:
            current.set_attribute("http.route", route)
