"""The baseline: bare Starlette under uvicorn (uvloop, httptools) doing the reference's storage.

`GET /orders/{id}` reads one row by primary key and answers its JSON; `POST /orders` parses the
body, inserts one row and commits, then answers 201. No auth, no validation, no logs, no outbox:
the floor a Python service on this machine stands on, which the reference is measured against.
`POST /payments` accepts any payment at once: a stand-in Payments for Orders measured alone.

    python -m bench.baseline_app --port 8201 [--database-url sqlite:///x.sqlite3] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import uuid
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DDL = "CREATE TABLE IF NOT EXISTS baseline_orders (id VARCHAR(36) PRIMARY KEY, body TEXT NOT NULL)"


class Store:
    """One connection per worker process: SQLite (WAL) or PostgreSQL (psycopg), by URL."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            self.db: Any = sqlite3.connect(url.split(":///", 1)[1], isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # as the reference does
            self.mark = "?"
        else:
            import psycopg

            self.db = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
            self.db.autocommit = True
            self.mark = "%s"
        self.db.execute(DDL)

    def read(self, order_id: str) -> str | None:
        row = self.db.execute(
            f"SELECT body FROM baseline_orders WHERE id = {self.mark}", (order_id,)
        ).fetchone()
        return row[0] if row else None

    def insert(self, order_id: str, body: str) -> None:
        self.db.execute(
            f"INSERT INTO baseline_orders (id, body) VALUES ({self.mark}, {self.mark})",
            (order_id, body),
        )


def create_app() -> Starlette:
    store = Store(os.environ["BASELINE_DATABASE_URL"])

    async def get_order(request: Request) -> Response:
        body = store.read(request.path_params["id"])
        if body is None:
            return JSONResponse({"status": 404}, status_code=404)
        return Response(body, media_type="application/json")

    async def create_order(request: Request) -> Response:
        order = await request.json()
        order["id"] = str(uuid.uuid4())
        order["status"] = "pending"
        body = json.dumps(order)
        store.insert(order["id"], body)
        return Response(body, status_code=201, media_type="application/json")

    async def create_payment(request: Request) -> Response:
        # A stand-in for Payments when Orders is measured alone: accepts at once, stores nothing.
        payment = {"id": str(uuid.uuid4()), "orderId": (await request.json())["orderId"]}
        return JSONResponse({**payment, "status": "successful"}, status_code=201)

    return Starlette(
        routes=[
            Route("/orders/{id}", get_order, methods=["GET"]),
            Route("/orders", create_order, methods=["POST"]),
            Route("/payments", create_payment, methods=["POST"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", default="sqlite:///baseline.sqlite3")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    os.environ["BASELINE_DATABASE_URL"] = args.database_url
    Store(args.database_url)  # the table exists before workers race to create it
    uvicorn.run(
        "bench.baseline_app:create_app",
        factory=True,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
