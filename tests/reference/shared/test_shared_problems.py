"""Every error the reference services produce, including the framework's own, is an RFC 9457
problem with one of the spec's types, and its `status` equals the response status."""

from __future__ import annotations

import pytest

BASE = "https://accord.dev/problems/"


@pytest.fixture
def auth(token):
    """Headers with a token holding both widget scopes."""
    return {"Authorization": f"Bearer {token('widgets.read', 'widgets.write')}"}


def _problem(response, status, name):
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == BASE + name and body["status"] == status and body["title"]
    return body


def test_invalid_body_lists_every_failing_field(client, auth):
    response = client.post(
        "/widgets", json={"name": "far too long a name", "count": -1, "tags": [1]}, headers=auth
    )
    body = _problem(response, 400, "validation_error")
    pointers = {(e["location"], e["pointer"]) for e in body["errors"]}
    assert pointers == {("body", "/name"), ("body", "/count"), ("body", "/tags/0")}


def test_missing_required_members_point_at_each_member(client, auth):
    body = _problem(client.post("/widgets", json={}, headers=auth), 400, "validation_error")
    assert {e["pointer"] for e in body["errors"]} == {"/name", "/count"}


def test_invalid_parameters_are_all_listed(client, auth):
    response = client.get("/widgets/abc?limit=0&offset=-1&extra=1", headers=auth)
    body = _problem(response, 400, "validation_error")
    assert {(e["location"], e["pointer"]) for e in body["errors"]} == {
        ("query", "/extra"),
        ("query", "/limit"),
        ("query", "/offset"),
    }


def test_malformed_json(client, auth):
    response = client.post(
        "/widgets", content=b'{"name": ', headers={**auth, "Content-Type": "application/json"}
    )
    body = _problem(response, 400, "validation_error")
    assert body["errors"][0]["location"] == "body" and body["errors"][0]["pointer"] == ""


def test_invalid_utf8_body_is_400_not_500(client, auth):
    response = client.post(
        "/widgets",
        content=b'{"name": "\xff\xfe"}',
        headers={**auth, "Content-Type": "application/json"},
    )
    _problem(response, 400, "validation_error")


def test_missing_body(client, auth):
    _problem(
        client.post("/widgets", headers={**auth, "Content-Type": "application/json"}),
        400,
        "validation_error",
    )


def test_unknown_route(client):
    _problem(client.get("/nothing/here"), 404, "not_found")


def test_newline_in_path_parameter_is_not_a_500(client, auth):
    response = client.get("/widgets/a%0Ab", headers=auth)
    assert response.status_code in (400, 404)
    assert response.json()["status"] == response.status_code


def test_method_not_allowed(client):
    response = client.delete("/widgets")
    _problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "POST"


def test_unsupported_media_type(client, auth):
    response = client.post(
        "/widgets", content=b"name=a", headers={**auth, "Content-Type": "text/plain"}
    )
    _problem(response, 415, "unsupported_media_type")


def test_not_acceptable(client, auth):
    _problem(
        client.get("/widgets/abc", headers={**auth, "Accept": "text/html"}), 406, "not_acceptable"
    )
    assert (
        client.get("/widgets/abc", headers={**auth, "Accept": "application/*"}).status_code == 200
    )


def test_body_too_large(client, auth):
    big = b'{"name": "' + b"x" * 4096 + b'", "count": 1}'
    response = client.post(
        "/widgets", content=big, headers={**auth, "Content-Type": "application/json"}
    )
    _problem(response, 413, "payload_too_large")


def test_chunked_body_too_large(client, auth):
    def chunks():
        for _ in range(10):
            yield b"x" * 512

    response = client.post(
        "/widgets", content=chunks(), headers={**auth, "Content-Type": "application/json"}
    )
    _problem(response, 413, "payload_too_large")


def test_unhandled_error_is_500_without_internals(client, auth, log_file):
    response = client.get("/widgets/boom", headers=auth)
    body = _problem(response, 500, "internal_error")
    assert "Traceback" not in response.text and "hunter2" not in response.text
    assert set(body) <= {"type", "title", "status", "detail"}
    # The trace is in the log, with the request's trace id.
    trace_id = response.headers["traceparent"].split("-")[1]
    logged = log_file.read_text()
    assert "hunter2" in logged and trace_id in logged


def test_swagger_ui_is_served(client):
    assert client.get("/ui/").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"].startswith("Widgets")
