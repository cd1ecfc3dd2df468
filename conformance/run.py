"""One session of the suite: what it judges, its context and where its results go."""

from __future__ import annotations

import time

from conformance.context import RunContext, RunOptions
from conformance.reports import ResultStream, Selection, Summary
from conformance.target import Target


class Run:
    """Everything one session needs: the target, the selected families, the context, the stream."""

    def __init__(
        self, target: Target, selection: Selection, options: RunOptions, stream: ResultStream
    ) -> None:
        self.target = target
        self.families = list(selection.families)
        self.required = selection.required
        self.ctx = RunContext(target, options, progress=stream.activity)
        self.stream = stream
        self.started = time.perf_counter()
        self.summary: Summary | None = None  # set when the session finishes
