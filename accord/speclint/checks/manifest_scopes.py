"""LINT-002: the manifest's scopes are exactly the scopes the API's operations require."""

from __future__ import annotations

from collections.abc import Iterator

from accord.speclint.loader import Document, Service
from accord.speclint.openapi import operations, security
from accord.speclint.problem import Problem, pointer
from accord.speclint.registry import check


@check(
    "LINT-002", "service.yaml auth.required_scopes == scopes of the OpenAPI security requirements"
)
def manifest_scopes_match(services: list[Service]) -> Iterator[Problem]:
    """Every listed scope is used by an operation, and every used scope is listed."""
    for service in services:
        manifest, api = service.manifest, service.api
        if not (manifest.ok and api is not None and api.ok):
            continue
        listed = (manifest.data.get("auth") or {}).get("required_scopes") or []
        used = used_scopes(api)
        for index, scope in enumerate(listed):
            if scope not in used:
                message = f"scope {scope!r} is not required by any operation of {api.path.name}"
                yield manifest.problem(pointer("auth", "required_scopes", index), message)
        for scope in sorted(used - set(listed)):
            message = f"scope {scope!r} is required by {api.path.name} but not listed"
            yield manifest.problem(pointer("auth", "required_scopes"), message)


def used_scopes(api: Document) -> set[str]:
    """The scopes named by the effective security requirements of all operations."""
    return {
        scope
        for _, operation in operations(api)
        for requirement in security(api, operation)
        for scopes in requirement.values()
        for scope in scopes
    }
