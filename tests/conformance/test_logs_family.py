"""The `logs` family against the orders + payments fake writing JSON log lines: each seeded log
defect is reported by the check guarding it (exit 1; healthy is in test_events_family); without a
log source the family is skipped with the reason."""

from __future__ import annotations

import pytest

from tests.conformance.fakes import fake_event_shop

failed = fake_event_shop.failed


@pytest.mark.parametrize(
    ("defect", "caught_by", "says"),
    [
        ("no_span_id", {"LOG-002", "LOG-004"}, "span_id None"),  # the schema requires it too
        ("wrong_trace_id", {"LOG-003"}, "off the request's trace"),
        # Payments starts a trace of its own; Orders' records of the payment follow it.
        ("payments_new_trace", {"LOG-003", "LOG-005"}, "the flow left the trace"),
    ],
)
def test_log_defects_are_caught_by_their_checks(tmp_path, key_file, defect, caught_by, says):
    code, report = fake_event_shop.run_accord(tmp_path, key_file, [defect], None, "logs")
    assert code == 1
    assert failed(report) == caught_by
    messages = [c["message"] for c in report["checks"] if c["status"] == "failed"]
    assert any(says in m for m in messages), messages
    entry = next(c for c in report["checks"] if c["status"] == "failed")
    assert entry["evidence"]["kind"] == "logs" and entry["evidence"]["lines"]


def test_without_log_sources_a_run_of_logs_is_refused(tmp_path, key_file, capsys):
    code, report = fake_event_shop.run_accord(tmp_path, key_file, (), None, "logs", drop=("logs",))
    assert (code, report) == (2, {})
    err = capsys.readouterr().err
    assert (
        err.strip()
        == "accord run: --only names logs, but the target names no log source for any service"
    )


def test_a_log_command_source_is_followed(tmp_path, key_file):
    from conformance.probes.logs import LogFollower
    from conformance.target import LogSource

    log = tmp_path / "out.jsonl"
    log.write_text('{"event": "old"}\n')
    follower = LogFollower("orders", LogSource(command=f"cat {log}"))
    with log.open("a") as out:
        out.write('{"event": "new"}\n')
    assert follower.poll() == ['{"event": "new"}']
    assert follower.poll() == []
