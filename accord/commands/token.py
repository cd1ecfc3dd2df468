"""`accord token`: print a development bearer token that the reference services accept."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from accord.bundled import specs_dir
from accord.cli import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `token` sub-command."""
    parser = sub.add_parser(
        "token",
        help="print a development bearer token",
        description="Mint a token with the local development issuer, whose key is under "
        "<data dir>/keys: the data dir of the `accord serve` that should accept the token. "
        "When that folder has no key yet, one is made and a warning says so on stderr.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="the services' data dir (default $ACCORD_DATA_DIR, else ./var, as accord serve)",
    )
    parser.add_argument(
        "--scope", action="append", default=[], help="scope to grant, e.g. orders.read (repeat)"
    )
    parser.add_argument(
        "--audience",
        action="append",
        help="audience (repeat); default: the services the scopes name",
    )
    parser.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (default 3600)")
    parser.add_argument("--subject", default="accord-dev", help="the `sub` claim")
    parser.set_defaults(handler=run)


def scope_owners() -> dict[str, str]:
    """Each scope the specs declare (service.yaml auth.required_scopes) -> its service's name."""
    owners: dict[str, str] = {}
    for manifest in sorted(specs_dir().glob("*/service.yaml")):
        name, scopes = _declared_scopes(manifest)
        owners.update(dict.fromkeys(scopes, name))
    if not owners:  # e.g. $ACCORD_SPECS names the wrong folder
        raise UsageError(f"{specs_dir()}: no service.yaml in it declares auth.required_scopes")
    return owners


def _declared_scopes(path: Path) -> tuple[str, list[str]]:
    """A manifest's service name and scopes; UsageError naming it when unreadable or malformed
    (the specs may be anyone's, through $ACCORD_SPECS: `accord lint` tells what is wrong)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        auth = data.get("auth") or {}
        scopes = auth.get("required_scopes") or []
        name = data.get("name") or path.parent.name
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        scopes, name = None, None
    if (
        not isinstance(name, str)
        or not isinstance(scopes, list)
        or not all(isinstance(scope, str) for scope in scopes)
    ):
        raise UsageError(f"{path}: not a usable service manifest (see accord lint)")
    return name, scopes


def audiences_for(scopes: list[str]) -> list[str]:
    """The services whose manifests declare the scopes (`orders.read` -> `orders`), in order."""
    owners = scope_owners()
    found: list[str] = []
    for scope in scopes:
        if scope not in owners:
            known = ", ".join(sorted(owners))
            raise UsageError(f"unknown scope {scope!r}: the specs declare {known}")
        if owners[scope] not in found:
            found.append(owners[scope])
    return found


def run(args: argparse.Namespace) -> int:
    """Mint and print the token (alone on stdout)."""
    if not args.scope:
        raise UsageError("give at least one --scope, e.g. --scope orders.read")
    if args.ttl <= 0:
        raise UsageError("--ttl must be a positive number of seconds")
    audiences = args.audience or audiences_for(args.scope)
    if args.audience:
        audiences_for(args.scope)  # still reject unknown scopes
    from accord.datadir import data_dir_from, dev_issuer
    from reference.shared.settings import env_jwt_issuer

    issuer, created = dev_issuer(data_dir_from(args.data_dir), issuer=env_jwt_issuer())
    if created:
        # Run from another folder, `accord token` used to make a key silently, and the running
        # server answered its tokens with 401: say which key signs this one, and why it may fail.
        print(
            f"accord token: no signing key yet, created {issuer.private_key_file}; a server "
            "started with another data dir will reject this token (use its --data-dir)",
            file=sys.stderr,
        )
    audience = audiences[0] if len(audiences) == 1 else audiences
    print(issuer.mint(args.scope, audience, subject=args.subject, ttl=args.ttl))
    return 0
