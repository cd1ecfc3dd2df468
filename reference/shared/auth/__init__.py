"""Bearer-token auth: the development issuer, the verifier and Connexion's security handler."""

from reference.shared.auth.dev_issuer import DevIssuer
from reference.shared.auth.security import BearerSecurityHandler
from reference.shared.auth.verifier import Claims, InvalidToken, TokenVerifier

__all__ = ["BearerSecurityHandler", "Claims", "DevIssuer", "InvalidToken", "TokenVerifier"]
