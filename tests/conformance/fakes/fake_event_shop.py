"""A tiny independent orders + payments candidate for the events, logs and flow families.

Two Starlette apps sharing one in-memory shop: `POST /orders` stores a pending order, publishes
`order.created` and asks Payments for a payment; a moment later the payment ends (card: successful,
test_declined: failed), Payments publishes its event and Orders, "consuming" it, moves a paid order
on and publishes `order.updated`. Events go to a topic exchange through plain Kombu (the stock
`filesystem://` transport in a shared folder, or AMQP); each service writes JSON log lines to its
file, carrying the trace of the `traceparent` it received. It does not check tokens (the auth
family is not its business). `defects` seeds faults for the suite to catch (see DEFECTS).
"""

from __future__ import annotations

import json
import re
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
import yaml
from kombu import Connection, Exchange, Producer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DEFECTS = {
    "no_specversion",  # envelopes lack specversion (EVT-002)
    "type_not_routing_key",  # type is "com.shop.<channel>" (EVT-007)
    "no_traceparent",  # envelopes lack traceparent (EVT-009)
    "duplicate_created",  # order.created published twice, with two ids (EVT-001)
    "no_span_id",  # log records lack span_id (LOG-004)
    "wrong_trace_id",  # orders logs a trace of its own (LOG-003)
    "payments_new_trace",  # payments starts a new trace for the order flow (LOG-005)
    "never_pays",  # card payments never end (FLOW-001)
    "declined_gets_paid",  # a declined order is moved to paid anyway (FLOW-003)
    "created_200",  # POST /orders answers 200, not 201: every setup call is answered wrongly
}
NEXT = {"pending": "paid", "paid": "shipped", "shipped": "delivered"}
TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")
SETTLE_DELAY = 0.05


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Bus:
    """Publishes raw CloudEvents bodies on the topic exchange with plain Kombu."""

    def __init__(self, url: str, data_folder: Path | None, exchange: str) -> None:
        options = {}
        if url.startswith("filesystem://"):
            (data_folder / "messages").mkdir(parents=True, exist_ok=True)
            (data_folder / "control").mkdir(parents=True, exist_ok=True)
            options = {
                "data_folder_in": str(data_folder / "messages"),
                "data_folder_out": str(data_folder / "messages"),
                "control_folder": str(data_folder / "control"),
            }
        self.connection = Connection(url, transport_options=options)
        self.exchange = Exchange(exchange, type="topic", durable=True)
        self.lock = threading.Lock()

    def publish(self, routing_key: str, envelope: dict) -> None:
        with self.lock:
            Producer(self.connection).publish(
                json.dumps(envelope).encode(),
                exchange=self.exchange,
                routing_key=routing_key,
                declare=[self.exchange],
                content_type="application/cloudevents+json",
                content_encoding="utf-8",
                delivery_mode=2,
            )

    def close(self) -> None:
        self.connection.release()


class Shop:
    def __init__(self, bus: Bus | None, logs: Path, defects: set[str]) -> None:
        unknown = defects - DEFECTS
        assert not unknown, f"unknown defects {unknown}"
        self.bus, self.logs, self.defects = bus, logs, defects
        self.orders: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}
        self.lock = threading.Lock()

    # --- what the services emit ---
    def emit(self, service: str, channel: str, subject: str, data: dict, trace: str) -> None:
        envelope = {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": f"urn:fake:{service}",
            "type": f"com.shop.{channel}" if "type_not_routing_key" in self.defects else channel,
            "time": now(),
            "subject": subject,
            "datacontenttype": "application/json",
            "traceparent": f"00-{trace}-{secrets.token_hex(8)}-01",
            "data": data,
        }
        if "no_specversion" in self.defects:
            del envelope["specversion"]
        if "no_traceparent" in self.defects:
            del envelope["traceparent"]
        if self.bus is not None:
            self.bus.publish(channel, envelope)

    def log(self, service: str, event: str, resource: str, trace: str) -> None:
        if service == "orders" and "wrong_trace_id" in self.defects:
            trace = secrets.token_hex(16)
        record = {
            "timestamp": now(),
            "level": "INFO",
            "service": service,
            "event": event,
            "resource_id": resource,
            "trace_id": trace,
            "span_id": secrets.token_hex(8),
            "message": f"{event} {resource}",
        }
        if "no_span_id" in self.defects:
            del record["span_id"]
        with self.lock, (self.logs / f"{service}.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")

    # --- Payments ---
    def create_payment(self, order_id: str, method: str, trace: str) -> dict:
        payment = {"id": str(uuid.uuid4()), "orderId": order_id, "method": method}
        payment |= {"status": "pending", "createdAt": now()}
        self.payments[payment["id"]] = payment
        self.log("payments", "payment.created", payment["id"], trace)
        if not (method == "card" and "never_pays" in self.defects):
            threading.Timer(SETTLE_DELAY, self.settle, (payment, trace)).start()
        return payment

    def settle(self, payment: dict, trace: str) -> None:
        ok = payment["method"] == "card"
        payment["status"] = "successful" if ok else "failed"
        if not ok:
            payment["failureReason"] = "card_declined"
        data = {k: v for k, v in payment.items() if k != "createdAt"}
        self.emit("payments", f"payment.{payment['status']}", payment["id"], data, trace)
        self.log("payments", f"payment.{payment['status']}", payment["id"], trace)
        self.on_payment(payment, trace)

    # --- Orders ---
    def place(self, body: dict, trace: str) -> dict:
        order = {"id": str(uuid.uuid4()), "status": "pending", "customerId": body["customerId"]}
        order |= {"items": body["items"], "paymentMethod": body.get("paymentMethod", "card")}
        order |= {"createdAt": now(), "updatedAt": now()}
        self.orders[order["id"]] = order
        data = {k: order[k] for k in ("id", "customerId", "items", "status", "paymentMethod")}
        self.emit("orders", "order.created", order["id"], data, trace)
        if "duplicate_created" in self.defects:
            self.emit("orders", "order.created", order["id"], data, trace)
        self.log("orders", "order.created", order["id"], trace)
        self.log("orders", "order.payment_requested", order["id"], trace)
        payment_trace = secrets.token_hex(16) if "payments_new_trace" in self.defects else trace
        self.create_payment(order["id"], order["paymentMethod"], payment_trace)
        return order

    def on_payment(self, payment: dict, trace: str) -> None:
        order = self.orders.get(payment["orderId"])
        if order is None:
            return
        shown = {"id": payment["id"], "status": payment["status"]}
        order["payment"] = shown | {k: payment[k] for k in ("failureReason",) if k in payment}
        if payment["status"] == "failed" and "declined_gets_paid" not in self.defects:
            self.log("orders", "order.payment_failed", order["id"], trace)
        elif order["status"] == "pending":
            self.move(order, "paid", trace)

    def move(self, order: dict, status: str, trace: str) -> None:
        previous, order["status"], order["updatedAt"] = order["status"], status, now()
        data = {"id": order["id"], "status": status, "previousStatus": previous}
        self.emit("orders", "order.updated", order["id"], data, trace)
        self.log("orders", "order.status_changed", order["id"], trace)

    # --- HTTP ---
    async def post_order(self, request: Request) -> Response:
        body = json.loads(await request.body())
        status = 200 if "created_200" in self.defects else 201
        return JSONResponse(self.place(body, trace_of(request)), status)

    async def list_orders(self, request: Request) -> Response:
        limit = int(request.query_params.get("limit", 20))
        offset = int(request.query_params.get("offset", 0))
        orders = list(self.orders.values())
        page = {"items": orders[offset : offset + limit], "limit": limit, "offset": offset}
        return JSONResponse(page | {"total": len(orders)})

    async def get_order(self, request: Request) -> Response:
        order = self.orders.get(request.path_params["id"])
        return JSONResponse(order) if order else not_found()

    async def patch_order(self, request: Request) -> Response:
        order = self.orders.get(request.path_params["id"])
        if order is None:
            return not_found()
        status = json.loads(await request.body()).get("status")
        if NEXT.get(order["status"]) != status:
            return problem("invalid_transition", 409)
        self.move(order, status, trace_of(request))
        return JSONResponse(order)

    async def post_payment(self, request: Request) -> Response:
        body = json.loads(await request.body())
        payment = self.create_payment(
            body["orderId"], body.get("method", "card"), trace_of(request)
        )
        return JSONResponse(dict(payment), 201)

    async def get_payment(self, request: Request) -> Response:
        payment = self.payments.get(request.path_params["id"])
        return JSONResponse(payment) if payment else not_found()

    def apps(self) -> dict[str, Starlette]:
        orders = Starlette(
            routes=[
                Route("/orders", self.post_order, methods=["POST"]),
                Route("/orders", self.list_orders, methods=["GET"]),
                Route("/orders/{id}", self.get_order, methods=["GET"]),
                Route("/orders/{id}", self.patch_order, methods=["PATCH"]),
            ]
        )
        payments = Starlette(
            routes=[
                Route("/payments", self.post_payment, methods=["POST"]),
                Route("/payments/{id}", self.get_payment, methods=["GET"]),
            ]
        )
        return {"orders": orders, "payments": payments}


def trace_of(request: Request) -> str:
    match = TRACEPARENT.match(request.headers.get("traceparent", ""))
    return match.group(1) if match else secrets.token_hex(16)


def problem(name: str, status: int) -> Response:
    body = {"type": f"https://accord.dev/problems/{name}", "title": name, "status": status}
    return Response(json.dumps(body), status, media_type="application/problem+json")


def not_found() -> Response:
    return problem("not_found", 404)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """An app under uvicorn in a daemon thread, on a free port."""

    def __init__(self, app: Starlette) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)


@contextmanager
def serving(
    folder: Path, defects: set[str], broker_url: str | None, exchange: str = "accord.events"
) -> Iterator[dict]:
    """Run the shop; yields the target sections (services with logs, broker) to write."""
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    data_folder = folder / "broker"
    bus = Bus(broker_url, data_folder, exchange) if broker_url else None
    shop = Shop(bus, logs, defects)
    servers = {name: Served(app).start() for name, app in shop.apps().items()}
    services = {
        name: {"base_url": server.url, "logs": {"file": str(logs / f"{name}.jsonl")}}
        for name, server in servers.items()
    }
    sections: dict = {"services": services}
    if broker_url:
        sections["broker"] = {"url": broker_url, "exchange": exchange}
        if broker_url.startswith("filesystem://"):
            sections["broker"]["data_folder"] = str(data_folder)
    try:
        yield sections
    finally:
        for server in servers.values():
            server.stop()
        if bus is not None:
            bus.close()


TIMEOUTS = {"connect": 1, "request": 5, "event": 1, "logs": 1, "flow": 2}


def run_accord(
    tmp_path: Path,
    key_file: Path,
    defects: tuple[str, ...] | list[str] = (),
    broker: str | None = "filesystem://",
    only: str = "events",
    drop: tuple[str, ...] = (),
    **sections_extra: object,
) -> tuple[int, dict]:
    """Serve the shop, write its target file (minus `drop`ped service keys, e.g. "logs"), run
    `accord run --only`; returns the exit code and report.json."""
    from accord.cli import main

    with serving(tmp_path / "shop", set(defects), broker) as sections:
        for service in sections["services"].values():
            for key in drop:
                service.pop(key, None)
        document = {
            **sections,
            "tokens": {"mint": {"private_key_file": str(key_file), "issuer": "fake"}},
            "timeouts": TIMEOUTS,
            **sections_extra,
        }
        target = tmp_path / "target.yaml"
        target.write_text(yaml.safe_dump(document), encoding="utf-8")
        reports = tmp_path / "reports"
        code = main(["run", "--target", str(target), "--report-dir", str(reports), "--only", only])
    report = reports / "report.json"  # none when the run was refused before it started
    return code, json.loads(report.read_text()) if report.exists() else {}


def failed(report: dict) -> set[str]:
    """The ids of the checks that failed or errored."""
    return {c["id"] for c in report["checks"] if c["status"] in ("failed", "error")}
