"""The service layer's "no such resource" (the entrypoints answer it with a `not_found` problem)."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class NotFound(Exception):
    """No `kind` has this id."""

    def __init__(self, kind: str, resource_id: str) -> None:
        super().__init__(f"{kind} {resource_id} does not exist.")
        self.kind, self.resource_id = kind, resource_id


def found(kind: str, resource_id: str, value: T | None) -> T:
    """`value`, or NotFound when a lookup by `resource_id` came back empty."""
    if value is None:
        raise NotFound(kind, resource_id)
    return value
