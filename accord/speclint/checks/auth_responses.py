"""LINT-003: secured operations document the responses of failed authentication."""

from __future__ import annotations

from collections.abc import Iterator

from accord.speclint.loader import Service
from accord.speclint.openapi import is_secured, operations
from accord.speclint.problem import Problem, pointer
from accord.speclint.registry import check

AUTH_FAILURES = ("401", "403")


@check("LINT-003", "every secured operation documents 401 and 403")
def secured_operations_document_auth_failures(services: list[Service]) -> Iterator[Problem]:
    """A missing 401 or 403 on a secured operation is a problem at the response it lacks."""
    for service in services:
        api = service.api
        if api is None or not api.ok:
            continue
        for at, operation in operations(api):
            responses = operation.get("responses") or {}
            for code in AUTH_FAILURES:
                if is_secured(api, operation) and code not in responses:
                    message = f"secured operation does not document {code}"
                    yield api.problem(at + pointer("responses", code), message)
