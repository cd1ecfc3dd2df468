"""Bearer tokens for the suite, from the target's `tokens` section, and the broken variants.

`mint` signs tokens with a key the candidate trusts, so every variant is possible.
`client_credentials` and `static` yield only tokens the candidate issued: variants that need
re-signing (expired, not yet valid, wrong audience) are `Declared` gaps there; malformed,
bad-signature and `alg: none` tokens are derived from a valid one.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from conformance.registry import Declared, SetupFailed

MALFORMED = "not-a-jwt"
SUBJECT = "accord-conformance"
VARIANTS = (
    "valid",
    "malformed",
    "expired",
    "not_yet_valid",
    "bad_signature",
    "alg_none",
    "wrong_audience",
)


@dataclass(frozen=True)
class Token:
    value: str
    variant: str
    scopes: tuple[str, ...]

    @property
    def hint(self) -> str:
        """What the token carries, read from its own claims (not what the suite meant to mint)."""
        kind = f"{self.variant.replace('_', ' ')} token"
        claims = _claims(self.value)
        if claims is None:
            asked = " ".join(self.scopes) or "(none)"
            return f"{kind} (not a readable JWT), asked for scope {asked}"
        scope = claims.get("scope", claims.get("scp"))
        scope = " ".join(scope) if isinstance(scope, list) else scope
        aud = claims.get("aud")
        aud = " ".join(aud) if isinstance(aud, list) else aud
        return f"{kind}: scope {scope or '(none)'}, audience {aud or '(none)'}"


class TokenSource:
    """Makes tokens for one target: `token(service, scopes, variant)`."""

    def __init__(
        self, config: dict[str, Any], services: Sequence[str], timeout: float = 10
    ) -> None:
        self.mode = next(iter(config))
        self.config = config[self.mode]
        self.services = list(services)
        self.timeout = timeout
        self._cache: dict[tuple[str, str], str] = {}

    def token(self, service: str, scopes: Sequence[str], variant: str = "valid") -> Token:
        scopes = tuple(scopes)
        if variant == "malformed":
            return Token(MALFORMED, variant, scopes)
        if variant in ("bad_signature", "alg_none"):
            valid = self._valid(service, scopes)
            if valid.count(".") != 2:
                raise Declared(f"the target's tokens are not JWTs: cannot derive {variant}")
            forged = _bad_signature(valid) if variant == "bad_signature" else _alg_none(valid)
            return Token(forged, variant, scopes)
        if variant == "valid":
            return Token(self._valid(service, scopes), variant, scopes)
        if self.mode != "mint":
            kind = variant.replace("_", " ")
            raise Declared(f"tokens.{self.mode} cannot re-sign tokens ({kind}); use tokens.mint")
        return Token(self._mint(service, scopes, variant), variant, scopes)

    def _valid(self, service: str, scopes: tuple[str, ...]) -> str:
        key = (service, " ".join(sorted(scopes)))
        if key not in self._cache:
            self._cache[key] = self._fetch(service, scopes)
        return self._cache[key]

    def _fetch(self, service: str, scopes: tuple[str, ...]) -> str:
        if self.mode == "mint":
            return self._mint(service, scopes, "valid")
        if self.mode == "static":
            return _static(self.config, scopes)
        return _client_credentials(self.config, service, scopes, self.timeout)

    def _mint(self, service: str, scopes: tuple[str, ...], variant: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.config["issuer"],
            "sub": SUBJECT,
            "aud": self._audience(service, variant),
            "iat": now,
            "exp": now + 600,
            "jti": str(uuid.uuid4()),
            "scope": " ".join(scopes),
        }
        if variant == "expired":
            claims.update(iat=now - 7200, exp=now - 3600)
        if variant == "not_yet_valid":
            claims.update(nbf=now + 3600, exp=now + 7200)
        headers = {"kid": self.config["kid"]} if "kid" in self.config else None
        return jwt.encode(claims, self._key(), self.config.get("algorithm", "RS256"), headers)

    def _audience(self, service: str, variant: str) -> str:
        if variant == "wrong_audience":
            others = [s for s in self.services if s != service]
            return others[0] if others else f"not-{service}"
        if self.config.get("audience_per_service", True):
            return service
        return str(self.config.get("audience", service))

    def _key(self) -> bytes:
        path = self.config["private_key_file"]
        try:
            key: bytes = path.read_bytes()
            return key
        except OSError as exc:
            raise SetupFailed(f"cannot read tokens.mint.private_key_file {path}: {exc}") from exc


def _claims(token: str) -> dict[str, Any] | None:
    """The claims of a JWT, unverified (only to describe it), else None."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    return claims if isinstance(claims, dict) else None


def _static(config: dict[str, str], scopes: tuple[str, ...]) -> str:
    wanted = set(scopes)
    for key, token in config.items():
        if set(key.split()) == wanted:
            return token
    raise SetupFailed(f"tokens.static has no token for scopes {' '.join(scopes) or '(none)'!r}")


def _client_credentials(
    config: dict[str, Any], service: str, scopes: tuple[str, ...], timeout: float
) -> str:
    form = {"grant_type": "client_credentials", "scope": " ".join(scopes)}
    if config.get("audience_per_service"):
        form["audience"] = service
    auth = (config["client_id"], config["client_secret"])
    url = config["token_url"]
    try:
        response = httpx.post(url, data=form, auth=auth, timeout=timeout)
        answer = response.json() if response.status_code == 200 else {}
        token = answer.get("access_token") if isinstance(answer, dict) else None
    except (httpx.HTTPError, ValueError) as exc:
        raise SetupFailed(f"token endpoint {url} failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(token, str) or not token:
        scope = form["scope"]
        raise SetupFailed(f"token endpoint {url} gave no access_token for {scope!r}: {response}")
    return token


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _bad_signature(token: str) -> str:
    head, payload, signature = token.split(".")
    length = len(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    return f"{head}.{payload}.{_b64(secrets.token_bytes(max(length, 32)))}"


def _alg_none(token: str) -> str:
    _, payload, _ = token.split(".")
    head = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{head}.{payload}."
