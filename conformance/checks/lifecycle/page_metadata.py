"""A page echoes its `limit` and `offset`, and holds min(limit, total - offset) items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conformance.checks.lifecycle import flows_ran
from conformance.observations import HttpExchange, exchange
from conformance.probes import collections
from conformance.registry import Declared, Example, Subject, Violation, check

if TYPE_CHECKING:
    from conformance.context import RunContext

QUERIES = {"defaults": {}, "limit=2": {"limit": 2}, "limit=1&offset=1": {"limit": 1, "offset": 1}}


@dataclass(frozen=True)
class ListPage:
    """One GET of a collection, with the limit and offset it asked for (or the spec's defaults)."""

    limit: int
    offset: int
    exchange: HttpExchange

    def evidence(self) -> dict[str, Any]:
        return {
            **self.exchange.evidence(),
            "expected": {"limit": self.limit, "offset": self.offset},
        }


def pages(ctx: RunContext) -> list[Subject]:
    names = [*QUERIES, "offset=total (past the end)"]
    return [
        Subject(f"{op.label}:{name}", (op, name)) for op in collections.paged(ctx) for name in names
    ]


def read_page(ctx: RunContext, subject: Subject) -> ListPage:
    flows_ran(ctx)
    op, name = subject.value
    bounds = collections.query_schemas(ctx, op)
    query = dict(QUERIES.get(name, {}))
    if name not in QUERIES:
        first = collections.call(ctx, op, "limit=1", "read the total")
        page = first.response.json()
        total = page.get("total") if isinstance(page, dict) else None
        if not isinstance(total, int):
            raise Violation(f"setup: a page's total is {total!r}, not an integer", first.evidence())
        cap = bounds.get("offset", {}).get("maximum", total)
        if total > cap:
            raise Declared(f"the spec caps offset at {cap}, below the {total} items listed")
        query = {"offset": total}
    text = "&".join(f"{k}={v}" for k, v in query.items())
    seen = collections.call(ctx, op, text, f"list {text or 'with the defaults'}")
    limit = query.get("limit", bounds.get("limit", {}).get("default", 20))
    return ListPage(limit, query.get("offset", bounds.get("offset", {}).get("default", 0)), seen)


@check(
    "LIFE-006",
    family="lifecycle",
    ref="docs/contracts.md paging (limit, offset, items, total); each paged GET of the specs",
    subjects=pages,
    observe=read_page,
)
def page_metadata(page):
    """A list page echoes its `limit` and `offset`, and holds min(limit, total - offset) items."""
    got = page.exchange.response
    body = got.json()
    if got.status != 200 or not isinstance(body, dict):
        raise Violation(f"{page.exchange.purpose}: expected a 200 page, got {got.status}")
    items, total = body.get("items"), body.get("total")
    if not isinstance(items, list) or not isinstance(total, int):
        raise Violation(f"{page.exchange.purpose}: no `items` list or no integer `total`")
    echoed = (body.get("limit"), body.get("offset"))
    if echoed != (page.limit, page.offset):
        raise Violation(f"limit/offset echoed as {echoed}, asked for {(page.limit, page.offset)}")
    expected = max(0, min(page.limit, total - page.offset))
    if len(items) != expected:
        raise Violation(
            f"{len(items)} items with limit {page.limit}, offset {page.offset} and total "
            f"{total}: expected {expected}"
        )


def _page(limit: int, offset: int, count: int, total: int, **echoed: Any) -> ListPage:
    body = {"items": [{"id": str(i)} for i in range(count)], "limit": limit}
    body |= {"offset": offset, "total": total, **echoed}
    return ListPage(limit, offset, exchange(200, body, purpose="list"))


EXAMPLES = [
    Example("full page", True, _page(2, 0, 2, 5)),
    Example("last page", True, _page(2, 4, 1, 5)),
    Example("past the end", True, _page(20, 5, 0, 5)),
    Example(
        "limit not echoed",
        False,
        ListPage(2, 0, exchange(200, {"items": [], "limit": 20, "offset": 0, "total": 0})),
    ),
    Example("offset ignored", False, _page(2, 4, 2, 5)),
    Example("more than limit", False, _page(2, 0, 3, 5)),
    Example("total below items", False, _page(20, 0, 3, 2)),
    Example("error", False, ListPage(2, 0, exchange(500, {"status": 500}))),
]
