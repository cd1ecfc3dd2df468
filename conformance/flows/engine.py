"""Runs one Arazzo workflow against the target: steps in order, criteria, outputs, actions.

Steps run in document order (the sequential model; `dependsOn` must name earlier steps, which
lint checks). The broker tap is opened before the first step when any step receives, so messages
an HTTP step causes are never missed. A step's failure runs its `onFailure` actions (step level,
else workflow level): `end` (the default), `retry` (`retryAfter` seconds, `retryLimit` times) or
`goto` a step; `onSuccess` may `end` or `goto`. Steps a failure, an error or a step not judged
leaves unrun are reported failed, errored or not judged like it, naming it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from conformance.flows import http_step, race_step, receive_step
from conformance.flows.bindings import ChannelBinding, HttpBinding, bind
from conformance.flows.criteria import judge
from conformance.flows.document import Step, Workflow
from conformance.flows.expressions import Scope, Unresolved, resolve
from conformance.flows.inbox import Inbox
from conformance.flows.log_watch import LogWatch
from conformance.observations import StepResult, WorkflowResult
from conformance.probes.events import BrokerTap
from conformance.registry import Declared, SetupFailed, Violation

if TYPE_CHECKING:
    from conformance.context import RunContext

MAX_STEPS_RUN = 200  # a goto loop in a flow must not hang the run


class NotSupported(Exception):
    """An Arazzo feature the engine does not run: the step errors, naming it (never ignored)."""


def run_workflow(
    ctx: RunContext, workflow: Workflow, inputs: dict[str, Any] | None = None
) -> WorkflowResult:
    """Run the workflow with its default inputs overlaid by `inputs`."""
    runner = _Runner(ctx, workflow, {**workflow.default_inputs(), **(inputs or {})})
    return runner.run()


class _Runner:
    def __init__(self, ctx: RunContext, workflow: Workflow, inputs: dict[str, Any]) -> None:
        self.ctx, self.workflow = ctx, workflow
        document = workflow.document
        self.specs = {name: s.specs for name, s in ctx.target.services.items()}
        self.scope = Scope(
            inputs=inputs,
            sources={n: {"url": s.url} for n, s in document.sources.items()},
            components=document.raw.get("components") or {},
        )
        self.result = WorkflowResult(workflow.id, document.name)
        self.inbox: Inbox | None = None
        self.inbox_error = ""
        self.logs: LogWatch | None = None
        self.started = time.monotonic()

    def run(self) -> WorkflowResult:
        self._open_tap()
        if any(s.logs for s in self.workflow.steps):
            self.logs = LogWatch.open(self.ctx.target)
        try:
            self._steps()
            self._settle(self.logs)
        finally:
            if self.inbox is not None:
                self.result.messages = list(self.inbox.messages)
                self.inbox.close()
        self.result.tap_error = self.inbox_error
        self.result.outputs = self._workflow_outputs()
        self.result.duration = time.monotonic() - self.started
        return self.result

    def _settle(self, logs: LogWatch | None) -> None:
        """After the last step: a short grace for late extra messages (EVT-001 counts them),
        and the wait for the log records the steps must cause. Nothing to wait for when no
        call got through (a dead candidate)."""
        answered = [s for s in self.result.steps if s.kind == "http" and s.status == "passed"]
        if answered and self.inbox is not None:
            grace = time.monotonic() + min(1.0, self.ctx.target.timeouts["event"] / 5)
            while time.monotonic() < grace:
                self.inbox.poll()
                time.sleep(0.05)
        if logs is not None:
            wanted = [(s.trace_id, s.logs) for s in answered if s.logs]
            logs.await_traces(wanted, self.ctx.target.timeouts["logs"] if wanted else 0)
            self.result.log_lines = logs.lines
            self.result.log_errors = {k: v.message for k, v in logs.errors.items()}

    def _open_tap(self) -> None:
        if not any(s.action == "receive" for s in self.workflow.steps):
            return
        broker = self.ctx.target.broker
        if broker is None:
            return
        try:
            tap = BrokerTap(broker, self.ctx.target.timeouts["connect"]).open()
        except Exception as exc:  # any failure to tap is the run's error, never a skip
            self.inbox_error = f"cannot tap the broker: {exc}"
            return
        self.inbox = Inbox(tap)

    def _steps(self) -> None:
        steps = list(self.workflow.steps)
        index, runs = 0, 0
        attempts: dict[str, int] = {}
        while index < len(steps) and runs < MAX_STEPS_RUN:
            step, runs = steps[index], runs + 1
            self.ctx.progress(f"flow {self.workflow.id}: step {step.id}")
            result = self._step(step)
            self._record(result)
            if self.logs is not None:  # read as we go: a record's time places it in a window
                self.logs.poll()
            action = self._action(step, result, attempts) or {"type": _default_action(result)}
            kind = action.get("type", "end")
            if kind == "retry":
                time.sleep(float(action.get("retryAfter", 0)))
                continue
            if kind == "goto":
                target = self._goto(steps, action, result)
                if target is not None:
                    index = target
                    continue
            if kind != "next":
                break
            index += 1
        self._unrun(steps)

    def _goto(self, steps: list[Step], action: dict[str, Any], result: StepResult) -> int | None:
        """The index of the step a `goto` names; a workflow target is not supported (error)."""
        target = action.get("stepId")
        index = next((i for i, s in enumerate(steps) if s.id == target), None)
        if index is None:
            result.status = "error"
            named = target or action.get("workflowId")
            result.message = f"goto {named}: only a step of this workflow is supported"
        return index

    def _record(self, result: StepResult) -> None:
        self.result.steps = [s for s in self.result.steps if s.step != result.step]
        self.result.steps.append(result)

    def _unrun(self, steps: list[Step]) -> None:
        done = {s.step for s in self.result.steps}
        stopper = next((s for s in self.result.steps if s.status != "passed"), None)
        for step in steps:
            if step.label in done:
                continue
            if stopper is None:  # an `end` action after a pass: the flow ends there, as it says
                last = self.result.steps[-1].step if self.result.steps else "its start"
                why = f"not run: the flow ends at {last}"
                self.result.steps.append(
                    StepResult(step.label, _kind(step), "skipped", why, ran=False)
                )
                continue
            why = "not reached"
            if stopper is not None:
                why = f"not reached: step {stopper.step} {stopper.status} ({stopper.message})"
            status = "failed" if stopper and stopper.status == "failed" else "error"
            if stopper and stopper.status == "skipped":
                status = "skipped"
                why = f"not reached: step {stopper.step} not judged ({stopper.message})"
            self.result.steps.append(StepResult(step.label, _kind(step), status, why, ran=False))

    def _step(self, step: Step) -> StepResult:
        result = StepResult(step.label, _kind(step), logs=step.logs)
        result.started = time.monotonic() - self.started
        try:
            self._dependencies(step)
            if step.action == "send":
                raise NotSupported(f"{step.label}: send steps are not supported by the engine yet")
            binding = bind(step, self.workflow.document, self.specs)
            if isinstance(binding, HttpBinding):
                self._http(step, binding, result)
            else:
                self._receive(step, binding, result)
        except Declared as exc:
            result.status, result.message = "skipped", str(exc)
        except Unresolved as exc:
            self._unresolved(result, exc)
        except Violation as exc:
            result.status, result.message, result.cause = "failed", exc.message, exc.evidence
        except SetupFailed as exc:
            result.status, result.message, result.cause = "error", exc.message, exc.evidence
        except NotSupported as exc:
            result.status, result.message = "error", f"not supported: {exc}"
        except Exception as exc:  # a flow that cannot run as written: an error naming why
            result.status, result.message = "error", f"{type(exc).__name__}: {exc}"
        if result.status == "passed":
            self._judge_outputs(step, result)
        return result

    def _dependencies(self, step: Step) -> None:
        """`dependsOn` names steps already run (the sequential model): one not judged makes
        this one not judged; one not yet run means the flow cannot run as written."""
        done = {s.step.split(".", 1)[1]: s for s in self.result.steps}
        for name in step.raw.get("dependsOn") or []:
            if str(name).startswith("$"):
                raise NotSupported(f"{step.label}: dependsOn {name} (another workflow)")
            if name not in done:
                raise NotSupported(f"{step.label}: dependsOn {name}, which has not run before it")
            if done[name].status == "skipped":
                raise Declared(f"depends on step {name}, not judged: {done[name].message}")

    def _unresolved(self, result: StepResult, exc: Unresolved) -> None:
        """A value the step needs is missing: not judged when an earlier step was not judged
        (by declaration), else the flow cannot run as written (an error)."""
        skipped = next((s for s in self.result.steps if s.status == "skipped"), None)
        if skipped is not None:
            result.status = "skipped"
            result.message = f"needs step {skipped.step}, not judged: {skipped.message}"
        else:
            result.status, result.message = "error", f"the flow cannot run as written: {exc}"

    def _http(self, step: Step, binding: HttpBinding, result: StepResult) -> None:
        parameters = self._parameters(step)
        criteria = step.raw.get("successCriteria")
        if criteria is None:  # none written: a 2xx is success
            criteria = [{"context": "$statusCode", "condition": "^2", "type": "regex"}]
        if race_step.FIELD in step.raw:
            race_step.race(self.ctx, binding, parameters, step.raw, self.scope, result, criteria)
            return
        http_step.call(self.ctx, binding, parameters, step.raw, self.scope, result)
        result.judgements = [judge(c, self.scope) for c in criteria]
        failing = next((j for j in result.judgements if not j.passed), None)
        if failing is not None:
            result.status = "failed"
            result.message = f"`{failing.criterion}` failed (saw {failing.saw or 'nothing'})"

    def _receive(self, step: Step, binding: ChannelBinding, result: StepResult) -> None:
        if self.inbox is None:
            if self.ctx.target.broker is None:
                raise Declared("the target names no broker: receive steps cannot be judged")
            raise SetupFailed(self.inbox_error or "the broker was not tapped")
        timeout = step.timeout or self.ctx.target.timeouts["event"]
        receive_step.receive(
            self.inbox, binding, step.raw, timeout, self.scope, result, absent=step.absent
        )

    def _judge_outputs(self, step: Step, result: StepResult) -> None:
        try:
            result.outputs = self._outputs(step.raw.get("outputs") or {})
        except Unresolved as exc:
            result.status, result.message = "failed", f"an output could not be read: {exc}"
        self.scope.steps[step.id] = {"outputs": result.outputs}

    def _workflow_outputs(self) -> dict[str, Any]:
        """The workflow's outputs the run reached (a failed step leaves some unresolved)."""
        found = {}
        for name, value in (self.workflow.raw.get("outputs") or {}).items():
            try:
                found[name] = resolve(value, self.scope)
            except Unresolved:
                continue
        return found

    def _outputs(self, outputs: dict[str, Any]) -> dict[str, Any]:
        return {name: resolve(value, self.scope) for name, value in outputs.items()}

    def _parameters(self, step: Step) -> list[dict[str, Any]]:
        """Workflow parameters overridden by the step's, Reusable Objects resolved."""
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [
            *(self.workflow.raw.get("parameters") or []),
            *(step.raw.get("parameters") or []),
        ]:
            parameter = self._reusable(raw, "parameters")
            merged[(parameter.get("in", "query"), parameter["name"])] = parameter
        return list(merged.values())

    def _reusable(self, raw: dict[str, Any], kind: str) -> dict[str, Any]:
        if "reference" not in raw:
            return raw
        name = str(raw["reference"]).split(".")[-1]
        found = dict((self.scope.components.get(kind) or {})[name])
        return found | ({"value": raw["value"]} if "value" in raw else {})

    def _action(
        self, step: Step, result: StepResult, attempts: dict[str, int]
    ) -> dict[str, Any] | None:
        """The first applicable onSuccess/onFailure action (step level, then workflow level)."""
        field = "onSuccess" if result.status == "passed" else "onFailure"
        workflow_field = "successActions" if field == "onSuccess" else "failureActions"
        listed = [*(step.raw.get(field) or []), *(self.workflow.raw.get(workflow_field) or [])]
        for raw in listed:
            action = self._reusable(raw, workflow_field)
            if all(judge(c, self.scope).passed for c in action.get("criteria") or []):
                if action.get("type") == "retry":
                    attempts[step.id] = attempts.get(step.id, 0) + 1
                    if attempts[step.id] > int(action.get("retryLimit", 1)):
                        continue
                return action
        return None


def _default_action(result: StepResult) -> str:
    """Without an action: go on after a pass; end after a failure or an error (the
    specification's default), and after a step not judged by declaration, since the steps after
    it rely on what it would have waited for (a GET after an event the flow could not see)."""
    return "next" if result.status == "passed" else "end"


def _kind(step: Step) -> str:
    return "receive" if step.action == "receive" else "send" if step.action else "http"
