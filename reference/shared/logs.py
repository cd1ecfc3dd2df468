"""JSON log lines (one object per line) carrying the current trace and span ids."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

_HANDLER_MARK = "_accord_json_handler"


class TraceContextFilter(logging.Filter):
    """Adds `trace_id` / `span_id` (lowercase hex) of the current span, or None outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate the record; never drops it."""
        ctx = trace.get_current_span().get_span_context()
        if ctx.is_valid:
            record.trace_id = format(ctx.trace_id, "032x")
            record.span_id = format(ctx.span_id, "016x")
        else:
            record.trace_id = getattr(record, "trace_id", None)
            record.span_id = getattr(record, "span_id", None)
        return True


class ServiceJsonFormatter(JsonFormatter):
    """JsonFormatter with an RFC 3339 UTC millisecond timestamp, level, service and logger."""

    def __init__(self, service: str) -> None:
        super().__init__(
            "%(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )
        self.service = service

    def add_fields(
        self, log_record: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        """Fill the fixed fields every line carries."""
        super().add_fields(log_record, record, message_dict)
        stamp = datetime.fromtimestamp(record.created, UTC)
        log_record["timestamp"] = (
            stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
        )
        log_record["level"] = record.levelname
        log_record["service"] = self.service
        log_record["logger"] = record.name
        log_record["trace_id"] = getattr(record, "trace_id", None)
        log_record["span_id"] = getattr(record, "span_id", None)


def configure_logging(
    service: str, log_file: Path | str | None = None, level: str = "INFO", console: bool = True
) -> None:
    """Route the root logger to JSON lines appended to `log_file` when given, and on stdout
    unless `console` is False (ignored without a file: the lines must go somewhere)."""
    root = logging.getLogger()
    # Re-configuring (tests, reloads) replaces our handlers instead of duplicating every line.
    for handler in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    handlers: list[logging.Handler] = []
    if console or log_file is None:
        handlers.append(logging.StreamHandler(sys.stdout))
    if log_file is not None:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, mode="a", encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(ServiceJsonFormatter(service))
        handler.addFilter(TraceContextFilter())
        setattr(handler, _HANDLER_MARK, True)
        root.addHandler(handler)
    root.setLevel(level.upper())


def log_lifecycle(
    logger: logging.Logger, event: str, resource_id: str, message: str, **extra: Any
) -> None:
    """Log one lifecycle record (specs/common/log-record.schema.yaml): event + resource id."""
    logger.info(message, extra={"event": event, "resource_id": str(resource_id), **extra})
