"""The CLI's own handling of its output and of argparse: a closed stdout pipe and a usage error
are reported as Accord reports any unusable input, never as a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from accord.cli import EXIT_BROKEN_PIPE, main


class ClosedPipe(io.StringIO):
    """A buffered stdout whose reader went away: what was written fails when flushed."""

    def flush(self) -> None:
        if self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_stdout_ends_quietly_with_the_sigpipe_status(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["token", "--scope", "orders.read"]) == EXIT_BROKEN_PIPE == 141
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow
def test_token_into_a_closed_pipe_prints_no_traceback(tmp_path):
    """`accord token | head -c 10`, with the reader gone before the token is written."""
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "accord", "token", "--scope", "orders.read"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    process.stdout.close()  # the reader goes away at once
    _, err = process.communicate(timeout=60)
    assert process.returncode == EXIT_BROKEN_PIPE
    assert b"Traceback" not in err and b"BrokenPipeError" not in err


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["serve", "--orders-port", "abc"],
            "accord serve: argument --orders-port: invalid int value: 'abc' "
            "(see accord serve --help)",
        ),
        ([], "accord: the following arguments are required: COMMAND (see accord --help)"),
        (
            ["pact", "check", "--specs"],
            "accord pact check: argument --specs: expected one argument "
            "(see accord pact check --help)",
        ),
    ],
)
def test_a_usage_error_is_one_line(capsys, argv, line):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr() == ("", line + "\n")
