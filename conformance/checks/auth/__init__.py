"""auth: operations refuse missing or invalid tokens (401) and tokens lacking the scope (403)."""

from __future__ import annotations

import re

from conformance.observations import HttpExchange, exchange
from conformance.registry import Example, Violation

REQUIRES = ("tokens",)
TOKEN_SCOPES = ("required", "none", "other", "read")

_PARAM = re.compile(r'([A-Za-z_]+)\s*=\s*"?([^",]*)"?')


def challenge(exchange: HttpExchange) -> tuple[str, dict[str, str]] | None:
    """The `WWW-Authenticate` scheme and its parameters, or None when absent."""
    value = exchange.response.header("www-authenticate")
    if not value:
        return None
    scheme, _, rest = value.strip().partition(" ")
    return scheme.lower(), dict(_PARAM.findall(rest))


def expect_status(exchange: HttpExchange, status: int) -> None:
    got = exchange.response.status
    if got != status:
        raise Violation(f"{exchange.purpose}: expected {status}, got {got}")


def expect_bearer_challenge(exchange: HttpExchange, error: str | None) -> None:
    """RFC 6750 §3: a Bearer challenge, with `error` when credentials were sent."""
    found = challenge(exchange)
    if found is None or found[0] != "bearer":
        raise Violation(f"{exchange.purpose}: no `WWW-Authenticate: Bearer` challenge")
    if error and found[1].get("error") != error:
        raise Violation(f'{exchange.purpose}: challenge lacks error="{error}"')


def expect_invalid_token(exchange: HttpExchange) -> None:
    """401 with `WWW-Authenticate: Bearer error="invalid_token"`."""
    expect_status(exchange, 401)
    expect_bearer_challenge(exchange, "invalid_token")


def expect_insufficient_scope(exchange: HttpExchange) -> None:
    """403 with `WWW-Authenticate: Bearer error="insufficient_scope"`."""
    expect_status(exchange, 403)
    expect_bearer_challenge(exchange, "insufficient_scope")


def rejection_examples(status: int, error: str) -> list[Example]:
    """Examples shared by the checks expecting `status` with a Bearer `error` challenge."""
    good = {"WWW-Authenticate": f'Bearer realm="orders", error="{error}"'}
    other = 403 if status == 401 else 401
    return [
        Example("refused with the challenge", True, exchange(status, headers=good)),
        Example("accepted", False, exchange(200, {"id": "1"})),
        Example("wrong status", False, exchange(other, headers=good)),
        Example("no challenge", False, exchange(status)),
        Example("basic challenge", False, exchange(status, headers={"WWW-Authenticate": "Basic"})),
        Example(
            "wrong error", False, exchange(status, headers={"WWW-Authenticate": 'Bearer error="x"'})
        ),
    ]
