"""Paging through the list with `offset` gives disjoint pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conformance.checks.lifecycle import flows_ran
from conformance.observations import HttpExchange, exchange
from conformance.probes import collections
from conformance.registry import Example, Subject, Violation, check

if TYPE_CHECKING:
    from conformance.context import RunContext

PAGE = 2
PAGES = 2  # after the flows have run, the collection holds more than one page of items


@dataclass(frozen=True)
class Paging:
    """Consecutive pages of the list, read with `limit=PAGE` and a growing `offset`."""

    pages: tuple[HttpExchange, ...]

    def ids(self) -> list[list[Any]]:
        found = []
        for page in self.pages:
            body = page.response.json()
            items = body.get("items") if isinstance(body, dict) else None
            found.append([i.get("id") for i in items if isinstance(i, dict)] if items else [])
        return found

    def evidence(self) -> dict[str, Any]:
        return {**self.pages[-1].evidence(), "page_ids": self.ids()}


def read_pages(ctx: RunContext, subject: Subject) -> Paging:
    flows_ran(ctx)
    return Paging(
        tuple(
            collections.call(
                ctx,
                subject.value,
                f"limit={PAGE}&offset={n * PAGE}",
                f"page {n + 1} (limit={PAGE}, offset={n * PAGE})",
            )
            for n in range(PAGES)
        )
    )


@check(
    "LIFE-007",
    family="lifecycle",
    ref="docs/contracts.md paging (offset = items skipped; stable order); each paged GET",
    subjects=lambda ctx: [Subject(op.label, op) for op in collections.paged(ctx)],
    observe=read_pages,
)
def pages_disjoint(paging):
    """Paging through the list with `offset` gives disjoint pages."""
    ids = paging.ids()
    for page, seen in zip(paging.pages, ids, strict=True):
        if page.response.status != 200 or not seen:
            raise Violation(
                f"{page.purpose}: expected a non-empty page, got {page.response.status}"
            )
    flat = [i for page in ids for i in page]
    repeated = sorted({i for i in flat if flat.count(i) > 1}, key=str)
    if repeated:
        raise Violation(f"pages overlap: {repeated} appear on more than one page")


def _paging(*pages: list[str]) -> Paging:
    return Paging(tuple(exchange(200, {"items": [{"id": i} for i in p]}) for p in pages))


EXAMPLES = [
    Example("disjoint", True, _paging(["a", "b"], ["c", "d"])),
    Example("last page short", True, _paging(["a", "b"], ["c"])),
    Example("offset ignored", False, _paging(["a", "b"], ["a", "b"])),
    Example("overlap", False, _paging(["a", "b"], ["b", "c"])),
    Example("empty second page", False, _paging(["a", "b"], [])),
]
