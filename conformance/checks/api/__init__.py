"""api: Schemathesis on each service (examples, coverage, fuzzing, stateful), built-in checks.

One Schemathesis run per service (valid token with all the service's scopes, `--max-examples`
per operation, `--seed`) is shared by the checks of this family; each check reads the failures of
one Schemathesis check on one operation. The observation is a summary (`ApiVerdict`): how many
responses the check judged, every distinct failure (each with its own request and response) and
whatever kept Schemathesis from testing the operation as asked (`FuzzError`: a refused
configuration, a spec it cannot generate from, a phase that errored, a service that stopped
answering). A failure found fails the check; without one, any such error makes it an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from conformance.context import RunContext
from conformance.observations import (
    ApiFailure,
    FuzzError,
    FuzzRun,
    HttpExchange,
    Operation,
    exchange,
)
from conformance.probes import fuzz
from conformance.registry import Example, SetupFailed, Subject, Violation
from conformance.reports.curl import with_reproducer

REQUIRES = ("tokens",)
TOKEN_SCOPES = ("service",)  # one token per service, with every scope it declares


@dataclass(frozen=True)
class ApiVerdict:
    """What one Schemathesis check found on one operation: responses judged, every distinct
    failure, and whatever kept Schemathesis from testing the operation as asked."""

    check: str
    operation: str
    judged: int
    failures: tuple[ApiFailure, ...] = ()
    errors: tuple[FuzzError, ...] = ()
    phases: tuple[tuple[str, str], ...] = ()  # phase -> how it ended

    def evidence(self) -> dict[str, Any]:
        """The first failing exchange on top (reports show and curl it); every failure and error
        below it, each failure with its own exchange and curl command."""
        return {
            **self._shown(),
            "operation": self.operation,
            "schemathesis_check": self.check,
            "judged": self.judged,
            "failures": [_reproducible(f.summary()) for f in self.failures],
            "errors": [e.summary() for e in self.errors],
            "phases": dict(self.phases),
        }

    def _shown(self) -> dict[str, Any]:
        exchange = next((f.exchange for f in self.failures if f.exchange), None)
        if exchange is not None:
            return exchange.evidence()
        unanswered = next((e for e in self.errors if e.request is not None), None)
        if unanswered is not None:  # the request a dead service never answered, to repeat it
            shown = unanswered.summary()
            return {"kind": "api", **{k: shown[k] for k in ("request", "transport_error")}}
        return {"kind": "api"}


def _reproducible(summary: dict[str, Any]) -> dict[str, Any]:
    if summary.get("exchange"):
        summary["exchange"] = with_reproducer(summary["exchange"])
    return summary


def operations(ctx: RunContext) -> list[Subject]:
    """Every operation of every service: the subjects of each Schemathesis check."""
    return [Subject(op.label, op) for op in ctx.all_operations()]


def service_run(ctx: RunContext, service: str) -> FuzzRun:
    """The Schemathesis run against one service, once per run."""
    return ctx.memo(("api", service), lambda: _run(ctx, service))


def _run(ctx: RunContext, service: str) -> FuzzRun:
    scopes = sorted({s for op in ctx.operations(service) for s in op.scopes})
    token = ctx.tokens.token(service, scopes)
    settings = fuzz.FuzzSettings(
        base_url=ctx.target.services[service].base_url,
        token=token.value,
        token_hint=token.hint,
        max_examples=ctx.options.max_examples,
        seed=ctx.options.seed,
        request_timeout=ctx.target.timeouts["request"],
        service=service,
    )
    return fuzz.run(ctx.target.services[service].specs, settings, ctx.progress)


def observe_check(name: str) -> Callable[[RunContext, Subject], ApiVerdict]:
    """An `observe` for operation subjects: what Schemathesis check `name` found there.

    A failure found is a verdict even when the run was cut short (the errors ride along in the
    evidence); without one, anything that kept Schemathesis from testing the operation as asked
    is an error, and so is an operation on which the check judged nothing.
    """

    def observe(ctx: RunContext, subject: Subject) -> ApiVerdict:
        operation: Operation = subject.value
        run = service_run(ctx, operation.service)
        label = fuzz.schemathesis_label(operation)
        verdict = ApiVerdict(
            name,
            operation.label,
            run.judged[(label, name)],
            tuple(_named(f, operation) for f in run.failures_for(label, name)),
            run.errors_for(label),
            tuple(run.phases.items()),
        )
        if verdict.failures:
            return verdict
        if verdict.errors:
            raise SetupFailed(_not_tested(label, verdict.errors), verdict.evidence())
        if not verdict.judged:
            phases = ", ".join(f"{k}: {v}" for k, v in run.phases.items())
            raise SetupFailed(
                f"Schemathesis sent {label} nothing {name} could judge ({phases})",
                verdict.evidence(),
            )
        return verdict

    return observe


def _not_tested(label: str, errors: tuple[FuzzError, ...]) -> str:
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"Schemathesis could not test {label}: {errors[0].line()}{more}"


def _named(failure: ApiFailure, operation: Operation) -> ApiFailure:
    if failure.exchange is None:
        return failure
    return replace(failure, exchange=replace(failure.exchange, operation=operation))


def expect_no_failure(verdict: ApiVerdict) -> None:
    """The judgement of every check of the family: Schemathesis found nothing."""
    if verdict.failures:
        first = verdict.failures[0]
        more = f" (+{len(verdict.failures) - 1} more)" if len(verdict.failures) > 1 else ""
        status = f" [{first.exchange.response.status}]" if first.exchange else ""
        detail = first.message.strip().splitlines()[0] if first.message.strip() else ""
        where = f"{first.phase} phase" if first.phase else "Schemathesis"
        incomplete = "; the run was incomplete, see errors" if verdict.errors else ""
        raise Violation(
            f"{verdict.check}: {first.title}{status}{': ' + detail if detail else ''} ({where}, "
            f"{verdict.judged} responses judged){more}{incomplete}"
        )


def verdict_examples(check: str, title: str, status: int, body: Any = None) -> list[Example]:
    """A clean run (valid) and a run with one failure (invalid) of Schemathesis check `check`."""
    seen: HttpExchange = exchange(status, body, method="POST", purpose="generated by Schemathesis")
    failure = ApiFailure(check, "POST /orders", title, "", seen, ("POST /orders",), "fuzzing")
    return [
        Example("no failure", True, ApiVerdict(check, "orders.createOrder", 50)),
        Example(title, False, ApiVerdict(check, "orders.createOrder", 50, (failure,))),
    ]
