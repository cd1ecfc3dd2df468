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
| `ACCORD_ORDERS_SERVICE_TOKEN` | minted by the dev issuer | the token Orders presents to Payments |
| `ACCORD_ORDERS_QUEUE` | `orders.payment-events` | Orders' queue for `payment.*` events |
| `ACCORD_ORDERS_RECONCILE_AFTER` | `5` | seconds before a payment with no outcome is read back |
| `ACCORD_TRACE_CONSOLE` | unset | `1`: print every span on stdout too |
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

# The defaults, each written once: the services, `accord serve`, `accord demo` and `accord pact
# record` all read them from here.
HOST = "127.0.0.1"
ORDERS_PORT = 8001
PAYMENTS_PORT = 8002
DEFAULT_PORTS = {"orders": ORDERS_PORT, "payments": PAYMENTS_PORT}
DEFAULT_DATA_DIR = Path("var")
DEFAULT_BROKER_URL = "filesystem://"
DEFAULT_EXCHANGE = "accord.events"
DEFAULT_JWT_ISSUER = "accord-dev"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_ORDERS_QUEUE = "orders.payment-events"
DEFAULT_RECONCILE_AFTER = 5.0  # seconds an outcome event may take before Payments is asked directly
_TRUE = {"1", "true", "yes", "on"}


def env_data_dir() -> Path | None:
    """$ACCORD_DATA_DIR as given, or None when unset."""
    given = os.environ.get("ACCORD_DATA_DIR")
    return Path(given) if given is not None else None


def data_dir_from_env() -> Path:
    """The data folder ($ACCORD_DATA_DIR, default ./var), created if missing."""
    path = (env_data_dir() or DEFAULT_DATA_DIR).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def env_port(service: str) -> int:
    """$ACCORD_<SERVICE>_PORT, else the service's default port; ValueError naming a bad one."""
    name = f"ACCORD_{service.upper()}_PORT"
    raw = os.environ.get(name, "")
    if not raw:
        return DEFAULT_PORTS[service]
    if not raw.isdigit():
        raise ValueError(f"{name}={raw!r} is not a port number")
    return int(raw)


def env_log_file(service: str) -> Path | None:
    """$ACCORD_<SERVICE>_LOG_FILE, or None."""
    given = os.environ.get(f"ACCORD_{service.upper()}_LOG_FILE")
    return Path(given) if given else None


def env_broker() -> tuple[str, str]:
    """The broker's Kombu URL and exchange ($ACCORD_BROKER_URL, $ACCORD_EXCHANGE)."""
    env = os.environ
    return env.get("ACCORD_BROKER_URL", DEFAULT_BROKER_URL), env.get(
        "ACCORD_EXCHANGE", DEFAULT_EXCHANGE
    )


def env_jwt_issuer() -> str:
    """The required `iss` of bearer tokens ($ACCORD_JWT_ISSUER)."""
    return os.environ.get("ACCORD_JWT_ISSUER", DEFAULT_JWT_ISSUER)


@dataclass(frozen=True)
class Settings:
    """Everything one reference service needs to know about its deployment."""

    service: str
    data_dir: Path
    database_url: str
    broker_url: str
    exchange: str
    jwt_issuer: str
    jwt_audience: str
    jwt_public_key_file: Path | None
    jwt_jwks_url: str | None
    log_file: Path | None
    log_console: bool
    payments_url: str
    payments_token: str | None  # None: minted by the development issuer
    orders_queue: str
    reconcile_after: float
    validate_responses: bool
    max_body_bytes: int
    trace_console: bool

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
        broker_url, exchange = env_broker()
        return cls(
            service=service,
            data_dir=data_dir,
            database_url=env.get(
                prefix + "DATABASE_URL", f"sqlite:///{data_dir / f'{service}.sqlite3'}"
            ),
            broker_url=broker_url,
            exchange=exchange,
            jwt_issuer=env_jwt_issuer(),
            jwt_audience=service,
            jwt_public_key_file=Path(key_file) if key_file else None,
            jwt_jwks_url=env.get("ACCORD_JWT_JWKS_URL") or None,
            log_file=env_log_file(service),
            log_console=env.get("ACCORD_LOG_CONSOLE", "true").lower() in _TRUE,
            payments_url=env.get("ACCORD_PAYMENTS_URL", f"http://{HOST}:{PAYMENTS_PORT}"),
            payments_token=env.get("ACCORD_ORDERS_SERVICE_TOKEN") or None,
            orders_queue=env.get("ACCORD_ORDERS_QUEUE", DEFAULT_ORDERS_QUEUE),
            reconcile_after=float(
                env.get("ACCORD_ORDERS_RECONCILE_AFTER", DEFAULT_RECONCILE_AFTER)
            ),
            validate_responses=env.get("ACCORD_VALIDATE_RESPONSES", "").lower() in _TRUE,
            max_body_bytes=_int(env, "ACCORD_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            trace_console=env.get("ACCORD_TRACE_CONSOLE") == "1",
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
