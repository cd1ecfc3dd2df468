"""Bearer JWT verification with PyJWT: asymmetric algorithm allow-list, exp/nbf/iss/aud checked."""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

if TYPE_CHECKING:
    from reference.shared.settings import Settings

ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)

# Reasons are fixed phrases: they go into WWW-Authenticate and problem bodies, so they must
# never carry token contents or library internals.
_REASONS: list[tuple[type[Exception], str]] = [
    (jwt.ExpiredSignatureError, "the token has expired"),
    (jwt.ImmatureSignatureError, "the token is not valid yet"),
    (jwt.InvalidAudienceError, "the token is not meant for this service"),
    (jwt.InvalidIssuerError, "the token issuer is not trusted"),
    (jwt.MissingRequiredClaimError, "the token lacks a required claim"),
    (jwt.InvalidAlgorithmError, "the token algorithm is not allowed"),
    (jwt.InvalidSignatureError, "the token signature is invalid"),
    (jwt.PyJWKClientError, "the token signing key is unknown"),
    (jwt.DecodeError, "the token is malformed"),
]


VERIFIED_TOKENS = 4096  # verified tokens remembered (a few hundred bytes each)


class InvalidToken(Exception):
    """The token cannot be trusted; `reason` is safe to show to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Claims:
    """The verified claims of one token."""

    subject: str | None
    scopes: frozenset[str]
    raw: Mapping[str, Any] = field(repr=False)


class TokenVerifier:
    """Verifies bearer JWTs against a static public key or a JWKS URL."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        public_key: str | bytes | None = None,
        jwks_url: str | None = None,
        algorithms: tuple[str, ...] = ("RS256", "ES256"),
        leeway: int = 0,
    ) -> None:
        if (public_key is None) == (jwks_url is None):
            raise ValueError("give exactly one of public_key or jwks_url")
        if not algorithms or not set(algorithms) <= ASYMMETRIC_ALGORITHMS:
            # HMAC with a public key as secret is the classic confusion attack; none is no check.
            raise ValueError(f"only asymmetric algorithms are allowed, got {algorithms}")
        self.issuer = issuer
        self.audience = audience
        self.algorithms = list(algorithms)
        self.leeway = leeway
        # Parsed once: PyJWT would parse a PEM on every request.
        self._public_key = _parsed(public_key) if public_key is not None else None
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True) if jwks_url else None
        # A client sends the same token many times: its signature, issuer and audience are
        # checked once; only the clock-bound claims are checked again on each use.
        self._decode = functools.lru_cache(maxsize=VERIFIED_TOKENS)(self._decode_uncached)

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenVerifier:
        """A verifier for the service: key file, JWKS URL, or the development issuer's key."""
        common = {"issuer": settings.jwt_issuer, "audience": settings.jwt_audience}
        if settings.jwt_public_key_file is not None:
            return cls(public_key=settings.jwt_public_key_file.read_bytes(), **common)
        if settings.jwt_jwks_url is not None:
            return cls(jwks_url=settings.jwt_jwks_url, **common)
        from reference.shared.auth.dev_issuer import DevIssuer

        issuer = DevIssuer(Path(settings.data_dir), issuer=settings.jwt_issuer)
        return cls(public_key=issuer.public_key_pem(), **common)

    def verify(self, token: str) -> Claims:
        """The token's claims, or InvalidToken with a reason safe to return to the caller."""
        claims = self._decode(token)
        if claims.raw["exp"] < time.time() - self.leeway:
            raise InvalidToken(_reason(jwt.ExpiredSignatureError()))
        return claims

    def _decode_uncached(self, token: str) -> Claims:
        try:
            key = self._signing_key(token)
            raw = jwt.decode(
                token,
                key,
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iss", "aud"], "verify_nbf": True},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(_reason(exc)) from exc
        except (ValueError, TypeError) as exc:
            # Key/algorithm mismatches surface from cryptography as plain ValueErrors.
            raise InvalidToken("the token is invalid") from exc
        scope = raw.get("scope", "")
        if not isinstance(scope, str):
            raise InvalidToken("the token scope claim must be a string")
        sub = raw.get("sub")
        return Claims(
            subject=sub if isinstance(sub, str) else None, scopes=frozenset(scope.split()), raw=raw
        )

    def _signing_key(self, token: str) -> Any:
        if self._jwks is None:
            return self._public_key
        return self._jwks.get_signing_key_from_jwt(token).key


def _parsed(public_key: str | bytes) -> Any:
    """The key object of a PEM public key (a malformed PEM fails here, at start-up)."""
    pem = public_key.encode() if isinstance(public_key, str) else public_key
    return load_pem_public_key(pem)


def _reason(exc: Exception) -> str:
    for kind, reason in _REASONS:
        if isinstance(exc, kind):
            return reason
    return "the token is invalid"
