"""Stock and reservations: what the Inventory service knows, does, publishes and logs.

A reservation is stored `pending`; a moment later (`allocate_delay`, on a timer thread, as a real
service would do it from a queue) it takes its stock and becomes `reserved` (`stock.reserved`),
or cannot and becomes `rejected` (`stock.rejected`). Releasing a `reserved` one gives the stock
back (`stock.released`). Every lifecycle event is a JSON log line carrying the caller's trace.

`faults` seeds defects on purpose, so the tests can show the flows catch them (see FAULTS).
"""

from __future__ import annotations

import json
import secrets
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inventory_service.events import envelope, now

SERVICE = "inventory"
CATALOGUE = {"sku-widget": 500, "sku-gadget": 40, "sku-discontinued": 0}
FAULTS = {
    "never_reserves": "stock.reserved is never published (the reservation still gets its stock)",
    "wrong_correlation": "stock.reserved names another reservation in data.reservationId",
    "refused_release_publishes": "a refused release (409) still publishes stock.released",
}
ALLOCATE_DELAY = 0.05

Publish = Callable[[str, dict[str, Any]], None]


class NotFound(Exception):
    """No reservation has this id, or the SKU is not stocked."""


class InvalidTransition(Exception):
    """Only a reserved reservation can be released."""


class Inventory:
    def __init__(
        self,
        publish: Publish | None = None,
        log_file: Path | None = None,
        faults: frozenset[str] = frozenset(),
        catalogue: dict[str, int] | None = None,
        allocate_delay: float = ALLOCATE_DELAY,
    ) -> None:
        unknown = set(faults) - set(FAULTS)
        if unknown:
            raise ValueError(f"unknown faults {sorted(unknown)}; known: {sorted(FAULTS)}")
        self.publish, self.log_file, self.faults = publish, log_file, faults
        self.on_hand = dict(CATALOGUE if catalogue is None else catalogue)
        self.held = dict.fromkeys(self.on_hand, 0)
        self.reservations: dict[str, dict[str, Any]] = {}
        self.allocate_delay = allocate_delay
        self.lock = threading.RLock()

    # --- queries ---
    def reservation(self, reservation_id: str) -> dict[str, Any]:
        with self.lock:
            if reservation_id not in self.reservations:
                raise NotFound(f"Reservation {reservation_id} does not exist.")
            return dict(self.reservations[reservation_id])

    def stock(self, sku: str) -> dict[str, Any]:
        with self.lock:
            if sku not in self.on_hand:
                raise NotFound(f"SKU {sku} is not stocked.")
            on_hand, held = self.on_hand[sku], self.held[sku]
            return {"sku": sku, "onHand": on_hand, "reserved": held, "available": on_hand - held}

    # --- commands ---
    def reserve(self, sku: str, quantity: int, order_ref: str | None, trace: str) -> dict:
        """Store a pending reservation; its stock is allocated a moment later."""
        stamp = now()
        reservation: dict[str, Any] = {"id": str(uuid.uuid4()), "sku": sku, "quantity": quantity}
        if order_ref is not None:
            reservation["orderRef"] = order_ref
        reservation |= {"status": "pending", "createdAt": stamp, "updatedAt": stamp}
        with self.lock:
            self.reservations[reservation["id"]] = reservation
        self.log("reservation.created", reservation["id"], trace, f"Reservation of {sku}")
        timer = threading.Timer(self.allocate_delay, self.allocate, (reservation["id"], trace))
        timer.daemon = True
        timer.start()
        return dict(reservation)

    def allocate(self, reservation_id: str, trace: str) -> None:
        with self.lock:
            reservation = self.reservations[reservation_id]
            sku, quantity = reservation["sku"], reservation["quantity"]
            if sku not in self.on_hand:
                reason: str | None = "unknown_sku"
            elif self.on_hand[sku] - self.held[sku] < quantity:
                reason = "insufficient_stock"
            else:
                reason = None
                self.held[sku] += quantity
            reservation["status"] = "rejected" if reason else "reserved"
            reservation["updatedAt"] = now()
            if reason:
                reservation["failureReason"] = reason
            snapshot = dict(reservation)
        if reason:
            self.emit("stock.rejected", snapshot, {"reason": reason}, trace)
            self.log("stock.rejected", reservation_id, trace, f"{sku}: {reason}")
            return
        available = self.stock(sku)["available"]
        if "never_reserves" not in self.faults:
            self.emit("stock.reserved", snapshot, {"available": available}, trace)
        self.log("stock.reserved", reservation_id, trace, f"Reserved {quantity} of {sku}")

    def release(self, reservation_id: str, trace: str) -> dict[str, Any]:
        with self.lock:
            if reservation_id not in self.reservations:
                raise NotFound(f"Reservation {reservation_id} does not exist.")
            reservation = self.reservations[reservation_id]
            status = reservation["status"]
            if status != "reserved":
                refused = dict(reservation)
            else:
                refused = None
                self.held[reservation["sku"]] -= reservation["quantity"]
                reservation["status"], reservation["updatedAt"] = "released", now()
            snapshot = dict(reservation)
        if refused is not None:
            if "refused_release_publishes" in self.faults:
                self.emit("stock.released", refused | {"status": "released"}, {}, trace)
            raise InvalidTransition(
                f"Reservation {reservation_id} is {status}; only a reserved one can be released."
            )
        available = self.stock(snapshot["sku"])["available"]
        self.emit("stock.released", snapshot, {"available": available}, trace)
        self.log("reservation.released", reservation_id, trace, "Reservation released")
        return snapshot

    # --- what it publishes and logs ---
    def emit(self, channel: str, reservation: dict, extra: dict[str, Any], trace: str) -> None:
        reservation_id = reservation["id"]
        if "wrong_correlation" in self.faults and channel == "stock.reserved":
            reservation_id = str(uuid.uuid4())
        data = {"reservationId": reservation_id, "sku": reservation["sku"]}
        data["quantity"] = reservation["quantity"]
        if "orderRef" in reservation:
            data["orderRef"] = reservation["orderRef"]
        data |= {"status": channel.split(".")[1]} | extra
        if self.publish is not None:
            self.publish(channel, envelope(channel, reservation["sku"], data, trace))

    def log(self, event: str, resource_id: str, trace: str, message: str) -> None:
        if self.log_file is None:
            return
        record = {
            "timestamp": now(),
            "level": "INFO",
            "service": SERVICE,
            "event": event,
            "resource_id": resource_id,
            "trace_id": trace,
            "span_id": secrets.token_hex(8),
            "message": message,
        }
        with self.lock, self.log_file.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
