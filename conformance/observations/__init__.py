"""What a check judges: evidence gathered by the probes, as plain records, one module per kind.

| module | evidence |
|---|---|
| `http` | `Operation` (an OpenAPI operation), `HttpRequest`, `HttpResponse`, `HttpExchange` |
| `api` | `FuzzRun` (what a Schemathesis run judged), `ApiFailure`, `FuzzError` |
| `events` | `RawEvent` (one broker message as received), `CallEvents` (what one call caused) |
| `logs` | `LogRecord` (one line a service wrote), `CallLogs` (the records of one call) |
| `pacts` | `PactInteraction`, `PactVerification` (the Verifier's word on one interaction) |
| `specs` | `LintRun` (what `accord lint` said) |
| `flows` | `StepResult`, `WorkflowResult` (a workflow run step by step), `Judgement`, `LogLine` |

Every observation offers `evidence()`: a JSON-ready dict for the reports, with secrets redacted.
"""

from conformance.observations.api import ENGINE_PHASES, PHASES, RUN, ApiFailure, FuzzError, FuzzRun
from conformance.observations.events import TRACEPARENT, CallEvents, RawEvent
from conformance.observations.flows import STATUSES, Judgement, LogLine, StepResult, WorkflowResult
from conformance.observations.http import (
    HttpExchange,
    HttpRequest,
    HttpResponse,
    Operation,
    exchange,
    redact,
)
from conformance.observations.logs import CallLogs, LogRecord, parse
from conformance.observations.pacts import PactInteraction, PactVerification
from conformance.observations.specs import LintRun

__all__ = [
    "ENGINE_PHASES",
    "PHASES",
    "RUN",
    "STATUSES",
    "TRACEPARENT",
    "ApiFailure",
    "CallEvents",
    "CallLogs",
    "FuzzError",
    "FuzzRun",
    "HttpExchange",
    "HttpRequest",
    "HttpResponse",
    "Judgement",
    "LintRun",
    "LogLine",
    "LogRecord",
    "Operation",
    "PactInteraction",
    "PactVerification",
    "RawEvent",
    "StepResult",
    "WorkflowResult",
    "exchange",
    "parse",
    "redact",
]
