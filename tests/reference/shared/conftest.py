"""A tiny Widgets API built with reference.shared.http_app, plus tokens for it."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest
from connexion.context import context
from connexion.resolver import Resolver

from reference.shared.auth import DevIssuer, TokenVerifier
from reference.shared.http_app import build_app, json_response
from reference.shared.logs import configure_logging, log_lifecycle
from reference.shared.settings import Settings
from reference.shared.tracing import current_traceparent

SPEC = Path(__file__).with_name("widgets_openapi.yaml")
log = logging.getLogger("widgets.api")


def create_widget(body: dict) -> tuple:
    """createWidget: echoes the body with an id."""
    log_lifecycle(log, "widget.created", "w-1", "widget created", subject=context["user"])
    return json_response({"id": "w-1", "name": body["name"], "count": body["count"]}, 201)


def get_widget(id: str, limit: int | None = None, offset: int | None = None) -> tuple:
    """getWidget: `boom` fails, anything else is found; reports the handler's trace id."""
    if id == "boom":
        raise RuntimeError("secret internals: password=hunter2")
    log_lifecycle(log, "widget.read", id, "widget read")
    traceparent = current_traceparent() or ""
    return json_response({"id": id, "name": "w", "count": 1, "traceId": traceparent[3:35]})


HANDLERS = {"createWidget": create_widget, "getWidget": get_widget}


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    """Settings of the `widgets` service with its data dir in tmp_path."""
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "var"))
    return dataclasses.replace(Settings.from_env("widgets"), max_body_bytes=2048)


@pytest.fixture
def issuer(settings) -> DevIssuer:
    """The development issuer under the test data dir."""
    return DevIssuer(settings.data_dir)


@pytest.fixture
def verifier(settings) -> TokenVerifier:
    """The verifier the service uses (the dev issuer's key)."""
    return TokenVerifier.from_settings(settings)


@pytest.fixture
def log_file(tmp_path):
    """JSON logs appended to a file for the test; our handlers are removed afterwards."""
    path = tmp_path / "widgets.log"
    configure_logging("widgets", log_file=path)
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_accord_json_handler", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def client(settings, verifier, log_file):
    """A test client of the Widgets app (responses validated)."""
    app = build_app(
        SPEC,
        service="widgets",
        handlers=Resolver(HANDLERS.__getitem__),
        verifier=verifier,
        settings=settings,
        validate_responses=True,
    )
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture
def token(issuer):
    """A factory of valid tokens for the widgets audience."""

    def make(*scopes: str, **kwargs) -> str:
        return issuer.mint(scopes, kwargs.pop("audience", "widgets"), **kwargs)

    return make
