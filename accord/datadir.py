"""The data folder of the reference services (`--data-dir`, $ACCORD_DATA_DIR, ./var): checked
and prepared before anything starts, so that a folder that cannot hold the databases, broker,
logs and signing key is one line naming it (exit 2), not a traceback from deep in a service."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from accord.cli import UsageError

if TYPE_CHECKING:
    from reference.shared.auth import DevIssuer


def data_dir_from(given: Path | None) -> Path:
    """`--data-dir`, else $ACCORD_DATA_DIR, else ./var (as the reference services read it):
    resolved, created when missing, and writable."""
    if given is not None:
        return usable_data_dir(given, "--data-dir")
    from reference.shared.settings import DEFAULT_DATA_DIR, env_data_dir

    from_env = env_data_dir()
    if from_env is not None:
        return usable_data_dir(from_env, "ACCORD_DATA_DIR")
    return usable_data_dir(DEFAULT_DATA_DIR, "data dir")


def usable_data_dir(path: Path, what: str) -> Path:
    """`path` resolved, created when missing, and proven writable; UsageError naming `what`."""
    path = path.resolve()
    if path.exists() and not path.is_dir():
        raise UsageError(f"{what} {path}: not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        # os.access() answers yes to root whatever the mode bits say: only a real write tells.
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise UsageError(f"{what} {path}: cannot create or write it: {exc.strerror}") from None
    return path


def prepare_for_services(data_dir: Path) -> None:
    """The folders and the signing key the services' supervisor expects, made or loaded now."""
    usable_data_dir(data_dir / "logs", "logs folder")
    dev_issuer(data_dir)


def dev_issuer(data_dir: Path, issuer: str = "accord-dev") -> tuple[DevIssuer, bool]:
    """The development issuer of `data_dir` with its key loaded, and whether that key was
    created just now (none existed): tokens signed with a new key fail on a running server."""
    from reference.shared.auth import DevIssuer

    dev = DevIssuer(data_dir, issuer=issuer)
    usable_data_dir(dev.keys_dir, "signing key folder")
    existed = dev.private_key_file.exists()
    try:
        dev.public_key_pem()  # loads the key; DevIssuer creates it when there is none
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise UsageError(f"signing key {dev.private_key_file}: {exc.strerror}{where}") from None
    except (ValueError, TypeError):  # not PEM, not RSA, or encrypted
        message = f"signing key {dev.private_key_file}: not an unencrypted RSA private key (PEM)"
        raise UsageError(message) from None
    return dev, not existed
