"""Connexion security handler for `http`/`bearer` schemes that enforces the operation's scopes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from connexion.security import BearerSecurityHandler as ConnexionBearerHandler

from reference.shared.auth.verifier import InvalidToken, TokenVerifier
from reference.shared.problems import ApiProblem


class BearerSecurityHandler(ConnexionBearerHandler):
    """Verifies the bearer JWT and the scopes the spec lists in the operation's requirement.

    Use `BearerSecurityHandler.bind(verifier, realm)` as `security_map={"bearer": ...}`: Connexion
    instantiates map entries without arguments, so the binding lives on a subclass.
    """

    verifier: ClassVar[TokenVerifier | None] = None
    realm: ClassVar[str] = "accord"

    @classmethod
    def bind(cls, verifier: TokenVerifier, realm: str) -> type[BearerSecurityHandler]:
        """A handler class verifying with `verifier`, announcing `realm` in WWW-Authenticate."""
        return type(cls.__name__, (cls,), {"verifier": verifier, "realm": realm})

    def get_fn(self, security_scheme: dict, required_scopes: list[str] | None) -> Any:
        """The verification function for one operation (Connexion's hook for each requirement)."""
        # The base class drops `required_scopes` for http schemes; keep them here.
        required = tuple(required_scopes or ())

        def verify(request: Any) -> dict[str, Any]:
            return self.authorize(request.headers.get("Authorization"), required)

        return verify

    def authorize(self, authorization: str | None, required: Iterable[str]) -> dict[str, Any]:
        """The token's claims as Connexion's token_info, or an ApiProblem (401/403)."""
        if self.verifier is None:
            raise RuntimeError("BearerSecurityHandler used without bind(verifier, realm)")
        if not authorization:
            raise self._unauthorized()
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer":
            # Credentials of another scheme are no bearer credentials at all (RFC 6750 3.1).
            raise self._unauthorized()
        if not token.strip():
            raise self._unauthorized("the bearer token is missing")
        try:
            claims = self.verifier.verify(token.strip())
        except InvalidToken as exc:
            raise self._unauthorized(exc.reason) from None
        missing = [s for s in required if s not in claims.scopes]
        if missing:
            raise self._forbidden(tuple(required))
        return dict(claims.raw)

    def _unauthorized(self, reason: str | None = None) -> ApiProblem:
        challenge = f'Bearer realm="{self.realm}"'
        if reason is None:
            return ApiProblem(
                "unauthorized",
                "No bearer token was sent.",
                headers={"WWW-Authenticate": challenge},
            )
        challenge += f', error="invalid_token", error_description="{reason}"'
        return ApiProblem(
            "unauthorized",
            f"Bearer token rejected: {reason}.",
            headers={"WWW-Authenticate": challenge},
        )

    def _forbidden(self, required: tuple[str, ...]) -> ApiProblem:
        # Only the required scopes are named: the caller's granted scopes are never echoed.
        scope = " ".join(required)
        challenge = f'Bearer realm="{self.realm}", error="insufficient_scope", scope="{scope}"'
        return ApiProblem(
            "forbidden",
            f"This operation requires the scope(s): {scope}.",
            headers={"WWW-Authenticate": challenge},
        )
