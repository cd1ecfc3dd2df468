"""Read `specs/` as it was at a git revision, into a temporary folder."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from accord.specdiff.tree import DiffInputError


def export_specs(rev: str, specs: str, into: Path) -> Path:
    """Extract the folder `specs` (relative to the current directory) at `rev` below `into`.

    A valid revision that has no such folder gives an empty folder: everything in HEAD is new.
    """
    prefix = _git("rev-parse", "--show-prefix").strip()
    if _run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise DiffInputError(f"{rev}: not a git revision")
    path = (Path(prefix) / specs).as_posix().rstrip("/")
    archive = _run("archive", "--format=tar", rev, "--", path)
    target = into / path
    if archive.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data")
    target.mkdir(parents=True, exist_ok=True)
    return target


def _git(*args: str) -> str:
    result = _run(*args)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise DiffInputError(f"git {args[0]}: {message[0] if message else 'failed'}")
    return result.stdout.decode()


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], capture_output=True, check=False)
    except OSError as exc:
        raise DiffInputError(f"cannot run git: {exc}") from None
