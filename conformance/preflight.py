"""Before anything runs: can the target feed what the run selected? One `TargetError` line if not.

Catches what would otherwise surface as a run of errors (or, worse, of skips): a family named with
`--only` whose input the target lacks, a file the target names that is missing or unreadable, a
signing key that does not sign, static tokens missing a scope set the selected checks ask for, a
service that does not answer.
"""

from __future__ import annotations

from typing import Any

import jwt

from conformance import openapi, registry
from conformance.context import RunContext
from conformance.registry import Declared, SetupFailed
from conformance.reports import Selection
from conformance.target import Target, TargetError, check_reachable


def check(target: Target, selection: Selection) -> None:
    """TargetError naming the first thing that makes the target unusable for the selection."""
    families = registry.families()
    chosen = [families[name] for name in selection.families]
    needs = {need for family in chosen for need in family.requires}
    if selection.named:
        for family in chosen:
            missing = next(filter(None, map(target.missing, family.requires)), None)
            if missing:
                raise TargetError(f"--only names {family.name}, but {missing}")
    _files(target, needs)
    if any(family.name != "specs" for family in chosen):  # specs alone judges them, by lint
        _specs(target)
    if "tokens" in needs and target.tokens is not None:
        _tokens(target, [s for family in chosen for s in family.token_scopes])
    check_reachable(target)


def _files(target: Target, needs: set[str]) -> None:
    if "logs" in needs:
        for service in target.services.values():
            log = service.logs
            # The file itself may appear with the service's first line; its folder must exist.
            if log is not None and log.file is not None and not log.file.parent.is_dir():
                folder = log.file.parent
                raise TargetError(f"service {service.name}: log folder {folder} does not exist")
    broker = target.broker
    if broker is not None and broker.data_folder is not None and not broker.data_folder.is_dir():
        raise TargetError(f"broker.data_folder {broker.data_folder} does not exist")


def _specs(target: Target) -> None:
    """Each service's OpenAPI document loads: every family reads it."""
    for service in target.services.values():
        try:
            openapi.load(service.specs)
        except SetupFailed as exc:
            raise TargetError(f"service {service.name}: {exc.message}") from exc


def _tokens(target: Target, kinds: list[str]) -> None:
    assert target.tokens is not None
    mode, config = next(iter(target.tokens.items()))
    if mode == "mint":
        _signs(config)
    elif mode == "static":
        wanted = _scope_sets(RunContext(target), set(kinds))
        have = {frozenset(key.split()) for key in config}
        missing = sorted(" ".join(sorted(s)) or '""' for s in wanted - have)
        if missing:
            raise TargetError(
                "tokens.static lacks the scope sets the selected checks ask for: "
                + ", ".join(repr(m) if m != '""' else m for m in missing)
                + " (keys are space-separated scopes; see docs/conformance.md)"
            )


def _signs(config: dict[str, Any]) -> None:
    """The mint key signs: a throwaway token proves the file exists and fits the algorithm."""
    path, algorithm = config["private_key_file"], config.get("algorithm", "RS256")
    try:
        jwt.encode({"probe": True}, path.read_bytes(), algorithm)
    except OSError as exc:
        raise TargetError(f"tokens.mint.private_key_file {path}: {exc.strerror or exc}") from exc
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise TargetError(
            f"tokens.mint.private_key_file {path} cannot sign {algorithm}: {exc}"
        ) from exc


def _scope_sets(ctx: RunContext, kinds: set[str]) -> set[frozenset[str]]:
    """Every scope set the selected checks will ask a token for."""
    wanted: set[frozenset[str]] = set()
    for service in ctx.target.services:
        try:
            operations = [op for op in ctx.operations(service) if op.secured]
        except SetupFailed as exc:
            raise TargetError(str(exc)) from exc
        if "service" in kinds and operations:
            wanted.add(frozenset(s for op in operations for s in op.scopes))
        for operation in operations:
            for kind in kinds - {"service"}:
                try:
                    wanted.add(frozenset(ctx.scope_set(operation, kind)))
                except Declared:
                    continue  # that check is not judged on this operation, by the spec
    return wanted
