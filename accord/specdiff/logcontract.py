"""The log contract: the log-record schema and each service's `logging.lifecycle_events`.

Log records are written by the services and read by log pipelines, dashboards and alerts: the
schema is compared as RESPONSE data, so a required field removed or a format changed is breaking.
"""

from __future__ import annotations

from accord.specdiff.compare import Comparison, mapping, shown
from accord.specdiff.model import BREAKING, INFO
from accord.specdiff.registry import define
from accord.specdiff.schema import Walk, compare_schema
from accord.specdiff.schemarules import RESPONSE

define("LOG-EVENT-REMOVED", BREAKING, "a lifecycle event is no longer logged")
define("LOG-EVENT-ADDED", INFO, "a new lifecycle event is logged")
define("LOG-SCHEMA-REMOVED", BREAKING, "the manifest no longer names a log-record schema")

EVENTS = "/logging/lifecycle_events"


def compare_lifecycle_events(cmp: Comparison) -> None:
    """Events in a manifest's `logging.lifecycle_events` removed or added."""
    before = set(mapping(cmp.base.data, "logging").get("lifecycle_events") or [])
    after = set(mapping(cmp.head.data, "logging").get("lifecycle_events") or [])
    if before - after:
        cmp.report(
            "LOG-EVENT-REMOVED", EVENTS, f"lifecycle event(s) {shown(before - after)} removed"
        )
    if after - before:
        cmp.report("LOG-EVENT-ADDED", EVENTS, f"lifecycle event(s) {shown(after - before)} added")
    if mapping(cmp.base.data, "logging").get("schema") and not mapping(
        cmp.head.data, "logging"
    ).get("schema"):
        cmp.report("LOG-SCHEMA-REMOVED", "/logging/schema", "the log-record schema is gone")


def compare_log_schema(cmp: Comparison) -> None:
    """The log-record schema, as data the services write and others read."""
    compare_schema(Walk(cmp, RESPONSE, "log record"), cmp.base.data, "", cmp.head.data, "")
