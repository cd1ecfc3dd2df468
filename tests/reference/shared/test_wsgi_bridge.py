"""The one-hop WSGI bridge: Flask's answer, its context and its errors cross it unchanged."""

from __future__ import annotations

import contextvars

import httpx
import pytest

from reference.shared.wsgi_bridge import BufferedWsgiBridge

CURRENT = contextvars.ContextVar("current", default="unset")


def wsgi_app(environ, start_response):
    if environ["PATH_INFO"] == "/boom":
        raise LookupError("handler failed")
    body = environ["wsgi.input"].read()
    answer = f"{environ['REQUEST_METHOD']} {environ['QUERY_STRING']} {CURRENT.get()} ".encode()
    start_response("201 Created", [("Content-Type", "text/plain"), ("X-Seen", str(len(body)))])
    return [answer, body]


async def _bridged(scope, receive, send):
    CURRENT.set("set by the middleware")  # as the tracing middleware sets the span
    await BufferedWsgiBridge(wsgi_app, workers=2)(scope, receive, send)


async def _request(method, path, content=b""):
    transport = httpx.ASGITransport(app=_bridged)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, content=content)


@pytest.mark.anyio
async def test_status_headers_body_and_context_cross_the_bridge():
    response = await _request("POST", "/orders?limit=2", content=b"x" * 70_000)
    assert response.status_code == 201
    assert response.headers["x-seen"] == "70000"
    assert response.text.startswith("POST limit=2 set by the middleware ")
    assert len(response.content) == len("POST limit=2 set by the middleware ") + 70_000


@pytest.mark.anyio
async def test_a_handler_exception_reaches_the_asgi_side():
    with pytest.raises(LookupError, match="handler failed"):
        await _request("GET", "/boom")


def test_the_reference_apps_are_served_through_the_bridge(settings):
    from reference.shared.bootstrap import service_app

    app = service_app("orders", object(), settings, validate_responses=False)
    assert isinstance(app._middleware_app.asgi_app, BufferedWsgiBridge)


@pytest.mark.anyio
async def test_lifespan_is_answered():
    incoming = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent = []

    async def receive():
        return next(incoming)

    async def send(message):
        sent.append(message["type"])

    await BufferedWsgiBridge(wsgi_app)({"type": "lifespan"}, receive, send)
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
