"""The local development issuer: an RSA key pair kept on disk that mints RS256 tokens."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DEV_ISSUER = "accord-dev"


class DevIssuer:
    """Mints development tokens with a key pair made on first use under `<data_dir>/keys`."""

    def __init__(self, data_dir: Path | str, issuer: str = DEV_ISSUER) -> None:
        self.keys_dir = Path(data_dir) / "keys"
        self.issuer = issuer
        self._private_key: rsa.RSAPrivateKey | None = None

    @property
    def private_key_file(self) -> Path:
        """The PEM private key (mode 0600)."""
        return self.keys_dir / "dev-issuer.key.pem"

    @property
    def public_key_file(self) -> Path:
        """The PEM public key that verifies the minted tokens."""
        return self.keys_dir / "dev-issuer.pub.pem"

    def public_key_pem(self) -> str:
        """The public key in PEM (SubjectPublicKeyInfo)."""
        return (
            self._key()
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )

    def kid(self) -> str:
        """The RFC 7638 thumbprint of the public key, sent as the token's `kid`."""
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key().public_key()))
        canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
        digest = hashlib.sha256(canonical.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def mint(
        self,
        scopes: Iterable[str],
        audience: str | list[str],
        subject: str = "accord-dev",
        ttl: int = 3600,
        **claims: Any,
    ) -> str:
        """An RS256 token for `audience` carrying `scopes` (space-separated `scope` claim)."""
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "sub": subject,
            "aud": audience,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "scope": " ".join(scopes),
            **claims,
        }
        return jwt.encode(payload, self._key(), algorithm="RS256", headers={"kid": self.kid()})

    def _key(self) -> rsa.RSAPrivateKey:
        if self._private_key is None:
            self._private_key = self._load_or_create()
        return self._private_key

    def _load_or_create(self) -> rsa.RSAPrivateKey:
        if not self.private_key_file.exists():
            self._create()
        key = serialization.load_pem_private_key(self.private_key_file.read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{self.private_key_file} is not an RSA private key")
        _write_atomic(self.public_key_file, _public_pem(key), mode=0o644, replace=True)
        return key

    def _create(self) -> None:
        self.keys_dir.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # No overwrite: when two services start together, the first key written wins and both
        # load it, so tokens minted by either verify in both.
        _write_atomic(self.private_key_file, pem, mode=0o600, replace=False)


def _public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _write_atomic(path: Path, data: bytes, *, mode: int, replace: bool) -> None:
    """Write via a temp file in the same folder so readers never see a partial key."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
