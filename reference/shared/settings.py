"""Service configuration from the environment, with embedded defaults that need nothing installed.

| variable | default | meaning |
|---|---|---|
| `ACCORD_DATA_DIR` | `./var` | SQLite files, filesystem broker, dev keys (created on demand) |
| `ACCORD_<SERVICE>_DATABASE_URL` | `sqlite:///<data_dir>/<service>.sqlite3` | SQLAlchemy URL |
| `ACCORD_BROKER_URL` | `filesystem://` | Kombu URL; `filesystem://` = `<data_dir>/broker` |
| `ACCORD_EXCHANGE` | `accord.events` | topic exchange the events are published to |
| `ACCORD_<SERVICE>_PORT` | `8001` orders, `8002` payments | HTTP port |
| `ACCORD_JWT_ISSUER` | `accord-dev` | required `iss` of bearer tokens |
| `ACCORD_JWT_PUBLIC_KEY_FILE` | unset | PEM public key that verifies tokens (RS256/ES256) |
| `ACCORD_JWT_JWKS_URL` | unset | JWKS URL that verifies tokens (used when no key file is set) |
| `ACCORD_<SERVICE>_LOG_FILE` | unset | JSON log lines are also appended to this file |
| `ACCORD_LOG_CONSOLE` | `true` | JSON log lines on stdout too (`false`: only in the log file) |
| `ACCORD_PAYMENTS_URL` | `http://127.0.0.1:8002` | where Orders reaches Payments |
| `ACCORD_VALIDATE_RESPONSES` | `false` | validate every response against the spec (tests) |
| `ACCORD_MAX_BODY_BYTES` | `1048576` | larger request bodies get `413 payload_too_large` |

When neither a key file nor a JWKS URL is set, tokens are verified with the local development
issuer's key under `<data_dir>/keys` (made on first use; `accord token` mints tokens with it).
`<SERVICE>` is the upper-case service name (`ORDERS`, `PAYMENTS`); the JWT audience is the name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PORTS = {"orders": 8001, "payments": 8002}
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
_TRUE = {"1", "true", "yes", "on"}


def data_dir_from_env() -> Path:
    """The data folder ($ACCORD_DATA_DIR, default ./var), created if missing."""
    path = Path(os.environ.get("ACCORD_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Settings:
    """Everything one reference service needs to know about its deployment."""

    service: str
    data_dir: Path
    database_url: str
    broker_url: str
    exchange: str
    port: int
    jwt_issuer: str
    jwt_audience: str
    jwt_public_key_file: Path | None
    jwt_jwks_url: str | None
    log_file: Path | None
    log_console: bool
    payments_url: str
    validate_responses: bool
    max_body_bytes: int

    @property
    def dev_keys_dir(self) -> Path:
        """Where the local development issuer keeps its key pair."""
        return self.data_dir / "keys"

    @property
    def broker_dir(self) -> Path:
        """Folder of the `filesystem://` broker transport."""
        return self.data_dir / "broker"

    @property
    def uses_dev_issuer(self) -> bool:
        """True when tokens are verified with the local development key."""
        return self.jwt_public_key_file is None and self.jwt_jwks_url is None

    @classmethod
    def from_env(cls, service: str) -> Settings:
        """Read the settings of `service` ("orders" or "payments") from os.environ."""
        env = os.environ
        prefix = f"ACCORD_{service.upper()}_"
        data_dir = data_dir_from_env()
        key_file = env.get("ACCORD_JWT_PUBLIC_KEY_FILE")
        log_file = env.get(prefix + "LOG_FILE")
        return cls(
            service=service,
            data_dir=data_dir,
            database_url=env.get(
                prefix + "DATABASE_URL", f"sqlite:///{data_dir / f'{service}.sqlite3'}"
            ),
            broker_url=env.get("ACCORD_BROKER_URL", "filesystem://"),
            exchange=env.get("ACCORD_EXCHANGE", "accord.events"),
            port=_int(env, prefix + "PORT", DEFAULT_PORTS.get(service, 8000)),
            jwt_issuer=env.get("ACCORD_JWT_ISSUER", "accord-dev"),
            jwt_audience=service,
            jwt_public_key_file=Path(key_file) if key_file else None,
            jwt_jwks_url=env.get("ACCORD_JWT_JWKS_URL") or None,
            log_file=Path(log_file) if log_file else None,
            log_console=env.get("ACCORD_LOG_CONSOLE", "true").lower() in _TRUE,
            payments_url=env.get("ACCORD_PAYMENTS_URL", "http://127.0.0.1:8002"),
            validate_responses=env.get("ACCORD_VALIDATE_RESPONSES", "").lower() in _TRUE,
            max_body_bytes=_int(env, "ACCORD_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
        )


def _int(env: os._Environ[str] | dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        # A typo in deployment config must stop start-up with a clear message, not a traceback.
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
