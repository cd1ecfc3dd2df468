"""Hostile input against the real services: a client's mistake is a 4xx problem, never a 5xx.

What is agreed (the specs' info.description, "Hostile input"): JSON bodies are bounded (depth 32,
numbers of at most 100 characters, no U+0000 or unpaired surrogate in strings), a control
character in a path parameter is a 400, a body without a documented Content-Type a 415, a second
Authorization header a 400, an oversized header section a 431, and what the HTTP parser cannot
read a 400; every one of them an `application/problem+json` of a documented type and status.
Both services run under `accord serve`'s supervisor, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import functools
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
import yaml

from accord.bundled import specs_dir
from reference.serve import Supervisor
from reference.shared.auth import DevIssuer
from reference.shared.problems import ApiProblem
from reference.shared.request_guards import check_headers

pytestmark = pytest.mark.slow
PROBLEM = "application/problem+json"
# Statuses of the `default` Problem response (its description lists them).
DEFAULT_STATUSES = {404, 405, 406, 413, 415}
UUID = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Services:
    """Both reference services started by the supervisor, with tokens and ids to aim at."""

    data_dir: Path
    ports: dict[str, int] = field(default_factory=lambda: {s: free_port() for s in SERVICES})
    ids: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def auth(self, service: str) -> dict[str, str]:
        if service not in self.tokens:
            scopes = (f"{service}.read", f"{service}.write")
            self.tokens[service] = DevIssuer(self.data_dir).mint(scopes, service)
        return {"Authorization": f"Bearer {self.tokens[service]}"}


SERVICES = ("orders", "payments")


@pytest.fixture(scope="module")
def sqlite_services(tmp_path_factory) -> Iterator[Services]:
    """Both services on the embedded defaults (SQLite, filesystem broker)."""
    with running(Services(tmp_path_factory.mktemp("hostile") / "var"), {}) as services:
        yield services


@contextlib.contextmanager
def running(services: Services, env: dict[str, str]) -> Iterator[Services]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.setenv("ACCORD_LOG_CONSOLE", "false")
        supervisor = Supervisor(
            services.ports, services.data_dir, output=services.data_dir.parent / "serve.out"
        )
        services.data_dir.mkdir(parents=True, exist_ok=True)
        supervisor.start()
    try:
        order = httpx.post(
            services.url("orders") + "/orders",
            json={"customerId": "cust-1", "items": ["sku-1"]},
            headers=services.auth("orders"),
        )
        assert order.status_code == 201, order.text
        services.ids["orders"] = order.json()["id"]
        payment = httpx.post(
            services.url("payments") + "/payments",
            json={"orderId": services.ids["orders"], "method": "card"},
            headers=services.auth("payments"),
        )
        assert payment.status_code == 201, payment.text
        services.ids["payments"] = payment.json()["id"]
        yield services
    finally:
        supervisor.stop()


# --- the sweep's inputs ------------------------------------------------------------------------


@dataclass
class Case:
    """One hostile request: `{id}` in the path is the service's existing resource id."""

    name: str
    service: str
    method: str
    path: str
    content: bytes | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    json_type: bool = True
    auth: bool = True


BODIES: dict[str, bytes] = {
    "array nested 10,000 deep": b"[" * 10_000 + b"]" * 10_000,
    "object nested 10,000 deep": b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    "array nested 33 deep": b"[" * 33 + b"]" * 33,
    "array nested 1,000 deep in a field": b'{"items":' + b"[" * 1000 + b"]" * 1000 + b"}",
    "integer of 5,000 digits": b"1" * 5000,
    "integer of 5,000 digits in a field": b'{"customerId":"c","items":["a"],"n":'
    + b"9" * 5000
    + b"}",
    "negative integer of 4,301 digits": b'{"x":-' + b"1" * 4301 + b"}",
    "float of 5,000 digits": b'{"x":0.' + b"1" * 5000 + b"}",
    "exponent beyond double": b'{"x":1e400}',
    "negative exponent beyond double": b'{"x":-1e400}',
    "NaN": b'{"x":NaN}',
    "Infinity": b'{"x":Infinity}',
    "-Infinity": b"[-Infinity]",
    "lone high surrogate": b'{"customerId":"\\ud800","items":["a"],"orderId":"\\ud800"}',
    "lone low surrogate in an array": b'{"customerId":"c","items":["\\udfff"]}',
    "lone surrogate in a member name": b'{"\\ud800":1,"customerId":"c","items":["a"]}',
    "lone surrogate in status": b'{"status":"\\ud800"}',
    "NUL in customerId": b'{"customerId":"a\\u0000b","items":["a"]}',
    "NUL in an item": b'{"customerId":"c","items":["a\\u0000"]}',
    "NUL in a member name": b'{"a\\u0000":1,"customerId":"c","items":["a"]}',
    "NUL in method": b'{"orderId":"' + UUID.encode() + b'","method":"card\\u0000"}',
    "raw NUL byte": b'{"customerId":"a\x00b","items":["a"]}',
    "invalid UTF-8": b'{"customerId":"\xff\xfe","items":["a"]}',
    "UTF-8 encoded surrogate": b'{"customerId":"\xed\xa0\x80","items":["a"]}',
    "UTF-16 with BOM": '{"customerId":"c","items":["a"]}'.encode("utf-16"),
    "empty body": b"",
    "null": b"null",
    "a string": b'"orders"',
    "an array": b"[]",
    "truncated": b'{"customerId":"c","items":["a"',
    "trailing garbage": b'{"customerId":"c","items":["a"]} x',
    "1,000 items": json.dumps({"customerId": "c", "items": ["a"] * 1000}).encode(),
    "string of 100,000 characters": json.dumps(
        {"customerId": "c" * 100_000, "items": ["a"]}
    ).encode(),
    "body of 2 MB": b'{"customerId":"' + b"c" * (2 << 20) + b'","items":["a"]}',
}
CONTENT_TYPES = {
    "no Content-Type": None,
    "text/plain": "text/plain",
    "application/xml": "application/xml",
    "form": "application/x-www-form-urlencoded",
    "multipart without boundary": "multipart/form-data",
    "unknown charset": "application/json; charset=bogus",
    "latin-1 charset": "application/json; charset=latin-1",
    "empty Content-Type": "",
}
GOOD = {
    ("orders", "POST"): b'{"customerId":"c","items":["a"]}',
    ("orders", "PATCH"): b'{"status":"paid"}',
    ("payments", "POST"): b'{"orderId":"' + UUID.encode() + b'","method":"card"}',
}
BODY_TARGETS = [("orders", "POST", "/orders"), ("orders", "PATCH", "/orders/{id}")]
BODY_TARGETS += [("payments", "POST", "/payments")]
PATH_SUFFIXES = {
    "id + %0a": "{id}%0a",
    "id + %0d%0a": "{id}%0d%0a",
    "id + %00": "{id}%00",
    "id + %09": "{id}%09",
    "id + %7f": "{id}%7f",
    "%1b + id": "%1b{id}",
    "%0a alone": "%0a",
    "id + %ff": "{id}%ff",
    "id + %c3%28": "{id}%c3%28",
    "10,000 characters": "a" * 10_000,
    "non-ASCII": "%e2%82%ac" * 12,
    "uppercase id": UUID.upper(),
    "dot-dot": "%2e%2e",
    "trailing slash": "{id}/",
}
HEADER_CASES: dict[str, list[tuple[str, str]]] = {
    "two Authorization headers": [("Authorization", "Bearer a"), ("Authorization", "Bearer b")],
    "2,000 headers": [(f"X-H{i}", "v") for i in range(2000)],
    "101 headers": [(f"X-H{i}", "v") for i in range(101)],
    "a 20 KB header": [("X-Big", "a" * 20_000)],
    "an 8 MB header": [("X-Big", "a" * (8 << 20))],
    "Accept nothing we produce": [("Accept", "image/png")],
    "Accept with q=0 everywhere": [("Accept", "*/*;q=0")],
    "Accept garbage": [("Accept", ";;;,,,/")],
    "Idempotency-Key of 300 characters": [("Idempotency-Key", "k" * 300)],
}


def corpus() -> list[Case]:
    cases = []
    for service, method, path in BODY_TARGETS:
        for name, body in BODIES.items():
            cases.append(Case(f"{method} {path}: {name}", service, method, path, body))
        for name, media in CONTENT_TYPES.items():
            headers = [] if media is None else [("Content-Type", media)]
            good = GOOD[(service, method)]
            cases.append(
                Case(f"{method} {path}: {name}", service, method, path, good, headers, False)
            )
    for service in SERVICES:
        for name, suffix in PATH_SUFFIXES.items():
            cases.append(Case(f"GET /{service}/{name}", service, "GET", f"/{service}/{suffix}"))
        for name, headers in HEADER_CASES.items():
            path = f"/{service}/{{id}}"
            cases.append(Case(f"GET {path}: {name}", service, "GET", path, None, headers))
        cases.append(Case(f"GET /{service}%0a", service, "GET", f"/{service}%0a"))
    for query in ("limit=%00", "limit=" + "9" * 5000, "limit=1e3", "offset=-1", "x=1", "limit=NaN"):
        cases.append(Case(f"GET /orders?{query}", "orders", "GET", f"/orders?{query}"))
    return cases


RAW_REQUESTS = {
    "unknown method": b"FOO /orders HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad Content-Length": b"POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    "two Content-Lengths": b"POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
    b"Content-Length: 2\r\n\r\n{}",
    "header without colon": b"GET /orders HTTP/1.1\r\nHost: x\r\nbroken\r\n\r\n",
    "bad HTTP version": b"GET /orders HTTP/9.9\r\nHost: x\r\n\r\n",
}


# --- judging -----------------------------------------------------------------------------------


@functools.cache
def spec(service: str) -> dict[str, Any]:
    return yaml.safe_load((specs_dir() / service / "openapi.yaml").read_text(encoding="utf-8"))


def documented_statuses(service: str, method: str, template: str) -> set[int] | None:
    operation = spec(service)["paths"].get(template, {}).get(method.lower())
    if operation is None:
        return None
    return {int(code) for code in operation["responses"] if code.isdigit()} | DEFAULT_STATUSES


def problem_types(service: str) -> set[str]:
    return set(spec(service)["components"]["schemas"]["Error"]["properties"]["type"]["enum"])


def send(services: Services, case: Case) -> httpx.Response:
    path = case.path.replace("{id}", services.ids[case.service])
    headers = list(services.auth(case.service).items()) if case.auth else []
    if case.content is not None and case.json_type:
        headers.append(("Content-Type", "application/json"))
    names = {n.lower() for n, _ in case.headers}
    headers = [h for h in headers if h[0].lower() not in names] + case.headers
    request = httpx.Request(
        case.method, services.url(case.service) + path, content=case.content, headers=headers
    )
    with httpx.Client(timeout=30) as client:
        return client.send(request)


def judge(case: Case, response: httpx.Response) -> str | None:
    """Why the answer breaks the contract, or None."""
    status = response.status_code
    if status >= 500:
        return f"{status}: {response.text[:200]}"
    if status < 400:
        return None
    if response.headers.get("content-type", "").split(";")[0] != PROBLEM:
        return f"{status} is {response.headers.get('content-type')}, not {PROBLEM}"
    body = response.json()
    if body.get("type") not in problem_types(case.service) or body.get("status") != status:
        return f"{status}: undocumented problem {body}"
    template = case.path.split("?")[0]
    documented = documented_statuses(case.service, case.method, template)
    if documented is not None and status not in documented:
        return f"{status} is not documented for {case.method} {template}"
    return None


def raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(data)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def sweep(services: Services) -> tuple[int, list[str]]:
    """Send every case (and the raw requests to both services); the number sent and the faults."""
    faults, count = [], 0
    for case in corpus():
        count += 1
        fault = judge(case, send(services, case))
        if fault:
            faults.append(f"{case.name}: {fault}")
    for service in SERVICES:
        for name, data in RAW_REQUESTS.items():
            count += 1
            head, _, body = raw(services.ports[service], data).partition(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 400") or PROBLEM.encode() not in head:
                faults.append(f"{service} raw {name}: {head[:80]!r}")
            elif json.loads(body)["type"] not in problem_types(service):
                faults.append(f"{service} raw {name}: {body[:200]!r}")
    return count, faults


def stored_text(services: Services) -> list[str]:
    """Every customerId stored, as the API lists them."""
    page = httpx.get(services.url("orders") + "/orders?limit=100", headers=services.auth("orders"))
    return [order["customerId"] for order in page.json()["items"]]


def test_sweep_on_sqlite_answers_no_5xx_and_only_documented_problems(sqlite_services):
    count, faults = sweep(sqlite_services)
    assert count >= 100
    assert faults == []
    assert not any("\x00" in c for c in stored_text(sqlite_services))


@pytest.mark.postgres
def test_sweep_on_postgres_answers_no_5xx_and_only_documented_problems(
    tmp_path, postgres_databases
):
    env = {
        "ACCORD_ORDERS_DATABASE_URL": postgres_databases(),
        "ACCORD_PAYMENTS_DATABASE_URL": postgres_databases(),
    }
    with running(Services(tmp_path / "var"), env) as services:
        count, faults = sweep(services)
        assert count >= 100
        assert faults == []
        assert not any("\x00" in c for c in stored_text(services))


# --- one test per rule -------------------------------------------------------------------------


def problem_of(response: httpx.Response, status: int, name: str) -> dict[str, Any]:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"https://accord.dev/problems/{name}"
    assert body["status"] == status
    return body


def post(services: Services, content: bytes, **headers: str) -> httpx.Response:
    headers = {**services.auth("orders"), "Content-Type": "application/json", **headers}
    return httpx.post(services.url("orders") + "/orders", content=content, headers=headers)


def test_json_deeper_than_32_is_400_naming_the_limit(sqlite_services):
    body = b'{"customerId":"c","items":' + b"[" * 33 + b"]" * 33 + b"}"
    problem = problem_of(post(sqlite_services, body), 400, "validation_error")
    assert "deeper than 32" in problem["errors"][0]["detail"]
    assert post(sqlite_services, b"[" * 32 + b"]" * 32).status_code == 400  # schema, not depth
    deep = problem_of(post(sqlite_services, b"[" * 10_000 + b"]" * 10_000), 400, "validation_error")
    assert "deeper than 32" in deep["errors"][0]["detail"]


def test_number_longer_than_100_characters_is_400_naming_the_limit(sqlite_services):
    body = b'{"customerId":"c","items":["a"],"n":' + b"1" * 4301 + b"}"
    problem = problem_of(post(sqlite_services, body), 400, "validation_error")
    assert "longer than 100 characters" in problem["errors"][0]["detail"]
    fine = b'{"customerId":"c","items":["a"],"n":' + b"1" * 100 + b"}"
    assert post(sqlite_services, fine).status_code == 201


@pytest.mark.parametrize("text", ["\\ud800", "a\\u0000b"], ids=["lone surrogate", "NUL"])
@pytest.mark.parametrize("key", [None, "k-1"], ids=["no key", "Idempotency-Key"])
def test_nul_and_lone_surrogates_are_400_before_storage(sqlite_services, text, key):
    body = b'{"customerId":"' + text.encode() + b'","items":["a"]}'
    extra = {"Idempotency-Key": f"{key}-{uuid4()}"} if key else {}
    problem = problem_of(post(sqlite_services, body, **extra), 400, "validation_error")
    assert [(e["location"], e["pointer"]) for e in problem["errors"]] == [("body", "/customerId")]
    assert not any("\x00" in c or "\ud800" in c for c in stored_text(sqlite_services))


def test_unknown_members_are_ignored_whatever_they_hold(sqlite_services):
    body = b'{"customerId":"c","items":["a"],"note":"a\\u0000b","\\u0000":[1]}'
    assert post(sqlite_services, body).status_code == 201
    lone = b'{"customerId":"c","items":["a"],"note":"\\udc00"}'
    problem = problem_of(post(sqlite_services, lone), 400, "validation_error")
    assert problem["errors"][0]["pointer"] == "/note"


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("suffix", ["%0a", "%0d", "%00", "%7f"])
def test_control_character_in_a_path_parameter_is_400(sqlite_services, service, suffix):
    url = f"{sqlite_services.url(service)}/{service}/{sqlite_services.ids[service]}{suffix}"
    problem = problem_of(
        httpx.get(url, headers=sqlite_services.auth(service)), 400, "validation_error"
    )
    assert problem["errors"][0]["location"] == "path"
    assert problem["errors"][0]["pointer"] == "/id"


@pytest.mark.parametrize("media", [None, "text/plain", "application/xml"])
def test_body_without_or_with_a_wrong_content_type_is_415(sqlite_services, media):
    headers = sqlite_services.auth("orders") | ({"Content-Type": media} if media else {})
    url = sqlite_services.url("orders") + "/orders"
    response = httpx.post(url, content=b'{"customerId":"c","items":["a"]}', headers=headers)
    problem = problem_of(response, 415, "unsupported_media_type")
    assert "application/json" in problem["detail"]


def test_two_authorization_headers_are_400(sqlite_services):
    token = sqlite_services.auth("orders")["Authorization"]
    headers = [("Authorization", token), ("Authorization", token)]
    response = httpx.get(sqlite_services.url("orders") + "/orders", headers=headers)
    problem = problem_of(response, 400, "validation_error")
    assert problem["errors"][0] == {
        "location": "header",
        "pointer": "/Authorization",
        "detail": "more than one Authorization",
    }


@pytest.mark.parametrize(
    "extra",
    [[(f"X-H{i}", "v") for i in range(100)], [("X-Big", "a" * 17_000)]],
    ids=["101 fields", "17 KB"],
)
def test_header_section_beyond_the_limits_is_431(sqlite_services, extra):
    headers = [*sqlite_services.auth("orders").items(), *extra]
    response = httpx.get(sqlite_services.url("orders") + "/orders", headers=headers)
    problem = problem_of(response, 431, "validation_error")
    assert "100 fields and 16384 bytes" in problem["detail"]
    within = [*sqlite_services.auth("orders").items(), ("X-Big", "a" * 8000)]
    assert httpx.get(sqlite_services.url("orders") + "/orders", headers=within).status_code == 200


def test_header_limits_hold_for_the_app_alone():
    """The ASGI guard answers 431 too, for servers run without our protocol class."""
    with pytest.raises(ApiProblem) as raised:
        check_headers([(b"x-big", b"a" * 17_000)])
    assert raised.value.status == 431
    assert raised.value.to_problem().status_code == 431


@pytest.mark.parametrize("name", sorted(RAW_REQUESTS))
def test_what_the_http_parser_refuses_is_a_400_problem(sqlite_services, name):
    answer = raw(sqlite_services.ports["orders"], RAW_REQUESTS[name])
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["type"] == "https://accord.dev/problems/validation_error"


def test_401_without_credentials_names_the_realm_and_no_error(sqlite_services):
    response = httpx.get(sqlite_services.url("orders") + "/orders")
    problem_of(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == 'Bearer realm="orders"'
    rejected = httpx.get(
        sqlite_services.url("orders") + "/orders", headers={"Authorization": "Bearer x"}
    )
    assert 'error="invalid_token"' in rejected.headers["www-authenticate"]
