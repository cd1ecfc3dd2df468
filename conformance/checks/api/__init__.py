"""api: Schemathesis on each service (examples, coverage, fuzzing, stateful), built-in checks.

One Schemathesis run per service (valid token with all the service's scopes, `--max-examples`
per operation, `--seed`) is shared by the checks of this family; each check reads the failures of
one Schemathesis check on one operation. The observation is a summary (`ApiVerdict`): how many
responses the check judged and the distinct failures, each with its request and response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from conformance.context import RunContext
from conformance.observations import HttpExchange, Operation, exchange
from conformance.probes import fuzz
from conformance.registry import Example, SetupFailed, Subject, Violation

REQUIRES = ("tokens",)
TOKEN_SCOPES = ("service",)  # one token per service, with every scope it declares


@dataclass(frozen=True)
class ApiVerdict:
    """What one Schemathesis check found on one operation: responses judged, distinct failures."""

    check: str
    operation: str
    judged: int
    failures: tuple[fuzz.ApiFailure, ...] = ()
    errors: tuple[str, ...] = ()

    def evidence(self) -> dict[str, Any]:
        shown = next((f.exchange for f in self.failures if f.exchange), None)
        base = shown.evidence() if shown else {"kind": "api"}
        return {
            **base,
            "operation": self.operation,
            "schemathesis_check": self.check,
            "judged": self.judged,
            "failures": [f.summary() for f in self.failures[:10]],
            "errors": list(self.errors),
        }


def operations(ctx: RunContext) -> list[Subject]:
    """Every operation of every service: the subjects of each Schemathesis check."""
    return [Subject(op.label, op) for op in ctx.all_operations()]


def service_run(ctx: RunContext, service: str) -> fuzz.FuzzRun:
    """The Schemathesis run against one service, once per run."""
    return ctx.memo(("api", service), lambda: _run(ctx, service))


def _run(ctx: RunContext, service: str) -> fuzz.FuzzRun:
    scopes = sorted({s for op in ctx.operations(service) for s in op.scopes})
    token = ctx.tokens.token(service, scopes)
    settings = fuzz.FuzzSettings(
        base_url=ctx.target.services[service].base_url,
        token=token.value,
        token_hint=token.hint,
        max_examples=ctx.options.max_examples,
        seed=ctx.options.seed,
        request_timeout=ctx.target.timeouts["request"],
    )
    return fuzz.run(ctx.target.services[service].specs, settings, ctx.progress)


def observe_check(name: str) -> Callable[[RunContext, Subject], ApiVerdict]:
    """An `observe` for operation subjects: what Schemathesis check `name` found there."""

    def observe(ctx: RunContext, subject: Subject) -> ApiVerdict:
        operation: Operation = subject.value
        run = service_run(ctx, operation.service)
        label = fuzz.schemathesis_label(operation)
        errors = tuple(run.errors.get(label, []) + run.errors.get("", []))
        judged = run.judged[(label, name)]
        failures = tuple(_named(f, operation) for f in run.failures_for(label, name))
        if errors:  # a partial run is not a pass: the operation was not tested as asked
            raise SetupFailed(f"Schemathesis could not test {label}: {errors[0]}", _errors(errors))
        if not judged and not failures:
            phases = ", ".join(f"{k}: {v}" for k, v in run.phases.items())
            raise SetupFailed(
                f"Schemathesis sent {label} nothing {name} could judge ({phases})",
                {"kind": "api", "phases": run.phases},
            )
        return ApiVerdict(name, operation.label, judged, failures, errors)

    return observe


def _errors(errors: tuple[str, ...]) -> dict[str, Any]:
    return {"kind": "api", "errors": list(errors)}


def _named(failure: fuzz.ApiFailure, operation: Operation) -> fuzz.ApiFailure:
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
        raise Violation(
            f"{verdict.check}: {first.title}{status}{': ' + detail if detail else ''} ({where}, "
            f"{verdict.judged} responses judged){more}"
        )


def verdict_examples(check: str, title: str, status: int, body: Any = None) -> list[Example]:
    """A clean run (valid) and a run with one failure (invalid) of Schemathesis check `check`."""
    seen: HttpExchange = exchange(status, body, method="POST", purpose="generated by Schemathesis")
    failure = fuzz.ApiFailure(check, "POST /orders", title, "", seen, ("POST /orders",), "fuzzing")
    return [
        Example("no failure", True, ApiVerdict(check, "orders.createOrder", 50)),
        Example(title, False, ApiVerdict(check, "orders.createOrder", 50, (failure,))),
    ]
