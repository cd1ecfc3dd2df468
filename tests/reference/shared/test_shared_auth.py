"""Bearer auth of the reference services: one test per way a token can be wrong, and the right one.

The contract (docs/contracts.md, Security): 401 with `WWW-Authenticate: Bearer` (no `error` when no
credentials were sent, `error="invalid_token"` otherwise); 403 with `error="insufficient_scope"` and
the required `scope`; problem+json bodies; granted scopes are never echoed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from accord.cli import UsageError, main
from reference.shared.auth import DevIssuer, InvalidToken, TokenVerifier

UNAUTHORIZED = "https://accord.dev/problems/unauthorized"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _get(client, token=None, header=None):
    headers = {"Authorization": header or f"Bearer {token}"} if (token or header) else {}
    return client.get("/widgets/abc", headers=headers)


def _assert_invalid_token(response):
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="widgets"')
    assert 'error="invalid_token"' in challenge
    assert 'error_description="' in challenge
    body = response.json()
    assert body["type"] == UNAUTHORIZED and body["status"] == 401


def test_no_token_is_401_without_error_attribute(client):
    response = _get(client)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="widgets"'
    assert response.json()["type"] == UNAUTHORIZED


def test_other_scheme_counts_as_no_bearer_credentials(client):
    response = _get(client, header="Basic dXNlcjpwYXNz")
    assert response.status_code == 401
    assert "error=" not in response.headers["www-authenticate"]


def test_malformed_token(client):
    _assert_invalid_token(_get(client, "not-a-jwt"))


def test_empty_bearer_value(client):
    _assert_invalid_token(_get(client, header="Bearer "))


def test_expired_token(client, token):
    response = _get(client, token("widgets.read", ttl=-10))
    _assert_invalid_token(response)
    assert "expired" in response.headers["www-authenticate"]


def test_not_yet_valid_token(client, token):
    _assert_invalid_token(_get(client, token("widgets.read", nbf=int(time.time()) + 600)))


def test_bad_signature(client, token):
    header, _payload, signature = token("widgets.read").split(".")
    forged = _b64(
        json.dumps(
            {
                **jwt.decode(token("widgets.read"), options={"verify_signature": False}),
                "sub": "mallory",
            }
        ).encode()
    )
    _assert_invalid_token(_get(client, f"{header}.{forged}.{signature}"))


def test_signed_by_another_key(client):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": "accord-dev", "aud": "widgets", "exp": now + 60, "scope": "widgets.read"}
    _assert_invalid_token(_get(client, jwt.encode(claims, other, algorithm="RS256")))


def test_alg_none(client):
    now = int(time.time())
    claims = {"iss": "accord-dev", "aud": "widgets", "exp": now + 60, "scope": "widgets.read"}
    head = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    unsigned = f"{head}.{_b64(json.dumps(claims).encode())}."
    _assert_invalid_token(_get(client, unsigned))


def test_hs256_signed_with_public_key_is_rejected(client, issuer):
    # The HMAC/RSA confusion attack: the public key (which anyone has) used as an HMAC secret.
    now = int(time.time())
    claims = {"iss": "accord-dev", "aud": "widgets", "exp": now + 60, "scope": "widgets.read"}
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    signing_input = f"{head}.{_b64(json.dumps(claims).encode())}"
    mac = hmac.new(issuer.public_key_pem().encode(), signing_input.encode(), hashlib.sha256)
    _assert_invalid_token(_get(client, f"{signing_input}.{_b64(mac.digest())}"))


def test_wrong_audience(client, token):
    _assert_invalid_token(_get(client, token("widgets.read", audience="payments")))


def test_wrong_issuer(client, settings):
    other = DevIssuer(settings.data_dir, issuer="somebody-else")
    _assert_invalid_token(_get(client, other.mint(["widgets.read"], "widgets")))


def test_missing_scope_is_403_naming_only_the_required_scope(client, token):
    response = _get(client, token("widgets.write", "secret.scope"))
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == (
        'Bearer realm="widgets", error="insufficient_scope", scope="widgets.read"'
    )
    body = response.json()
    assert body["type"] == "https://accord.dev/problems/forbidden" and body["status"] == 403
    assert "widgets.write" not in response.text and "secret.scope" not in response.text


def test_right_scope_is_200_and_claims_reach_the_handler(client, token, log_file):
    response = client.post(
        "/widgets",
        json={"name": "a", "count": 1},
        headers={"Authorization": f"Bearer {token('widgets.write', subject='alice')}"},
    )
    assert response.status_code == 201
    assert _get(client, token("widgets.read")).status_code == 200
    lines = [json.loads(x) for x in log_file.read_text().splitlines()]
    assert any(x.get("event") == "widget.created" and x.get("subject") == "alice" for x in lines)


def test_audience_list_is_accepted(client, token):
    assert _get(client, token("widgets.read", audience=["payments", "widgets"])).status_code == 200


def test_verifier_refuses_symmetric_algorithms(issuer):
    with pytest.raises(ValueError):
        TokenVerifier(issuer="accord-dev", audience="x", public_key="k", algorithms=("HS256",))
    with pytest.raises(ValueError):
        TokenVerifier(issuer="accord-dev", audience="x", public_key="k", algorithms=("none",))


def test_verifier_reason_is_safe(verifier, token):
    with pytest.raises(InvalidToken) as caught:
        verifier.verify(token("widgets.read", audience="nobody"))
    assert caught.value.reason == "the token is not meant for this service"


def test_dev_issuer_keeps_its_private_key_private_and_stable(settings):
    first = DevIssuer(settings.data_dir)
    pem = first.public_key_pem()
    assert stat.S_IMODE(os.stat(first.private_key_file).st_mode) == 0o600
    assert DevIssuer(settings.data_dir).public_key_pem() == pem
    header = jwt.get_unverified_header(first.mint(["widgets.read"], "widgets"))
    assert header["alg"] == "RS256" and header["kid"] == first.kid()


def test_accord_token_prints_a_token_the_services_accept(settings, capsys):
    assert main(["token", "--scope", "orders.read", "--scope", "payments.write"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    token = out.strip()
    for service, scope in (("orders", "orders.read"), ("payments", "payments.write")):
        verifier = TokenVerifier.from_settings(type(settings).from_env(service))
        assert scope in verifier.verify(token).scopes


def test_accord_token_audience_and_ttl(settings, capsys):
    main(["token", "--scope", "orders.read", "--audience", "widgets", "--ttl", "60"])
    claims = jwt.decode(capsys.readouterr().out.strip(), options={"verify_signature": False})
    assert claims["aud"] == "widgets" and claims["exp"] - claims["iat"] == 60


@pytest.mark.parametrize(
    "argv",
    [
        ["token"],
        ["token", "--scope", "stock.read"],
        ["token", "--scope", "orders"],
        ["token", "--scope", "orders.delete"],  # a scope no service.yaml declares
    ],
)
def test_accord_token_bad_input_is_a_usage_error(settings, argv):
    with pytest.raises(UsageError):
        from accord.cli import build_parser

        args = build_parser().parse_args(argv)
        args.handler(args)


def test_a_remembered_token_is_refused_once_it_expires(verifier, issuer, monkeypatch):
    # The verifier remembers verified tokens; the clock-bound claims must still be checked.
    token = issuer.mint(["widgets.read"], "widgets", ttl=60)
    assert "widgets.read" in verifier.verify(token).scopes
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 120)
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_a_refused_token_is_not_remembered_as_good(verifier, issuer):
    token = issuer.mint(["widgets.read"], "other-service")
    for _ in range(2):
        with pytest.raises(InvalidToken, match="not meant for this service"):
            verifier.verify(token)
