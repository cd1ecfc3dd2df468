"""`accord demo` removes the data folder it made (issue 14: 1.4 MB left in the temp folder on
every run), keeps one given with --data-dir, and keeps its own when the services did not start,
since their logs are the evidence. The reports are written elsewhere and always stay.

The services and the suite are stand-ins here; tests/demo runs the real thing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from accord.cli import main


class FakeSupervisor:
    """Writes a log as the services would; `fail` makes start() fail as a dead service does."""

    fail = False

    def __init__(self, ports, data_dir, host, output=None, log_console=False):
        self.data_dir = data_dir

    def start(self):
        (self.data_dir / "logs" / "orders.jsonl").write_text("{}\n", encoding="utf-8")
        if self.fail:
            raise RuntimeError("orders did not start")

    def stop(self):
        pass


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """The system temp folder, for this test alone; the suite reports PASSED without running."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("reference.serve.Supervisor", FakeSupervisor)
    monkeypatch.setattr(FakeSupervisor, "fail", False)

    def suite(args):
        Path(args.report_dir).mkdir(parents=True, exist_ok=True)
        (Path(args.report_dir) / "report.json").write_text("{}", encoding="utf-8")
        return 0

    monkeypatch.setattr("accord.commands.run.run", suite)
    return root


def test_the_demo_removes_the_data_folder_it_made_and_keeps_the_reports(temp_root, capsys):
    assert main(["demo", "--report-dir", "reports"]) == 0
    assert list(temp_root.iterdir()) == []
    assert Path("reports/report.json").is_file()
    assert "every check passed" in capsys.readouterr().out


def test_a_data_folder_given_with_data_dir_stays(temp_root):
    assert main(["demo", "--report-dir", "reports", "--data-dir", "mine"]) == 0
    assert Path("mine/logs/orders.jsonl").is_file() and Path("mine/target.yaml").is_file()


def test_when_the_services_do_not_start_their_logs_stay(temp_root, monkeypatch, capsys):
    monkeypatch.setattr(FakeSupervisor, "fail", True)
    assert main(["demo", "--report-dir", "reports"]) == 2
    [kept] = list(temp_root.iterdir())
    assert (kept / "logs" / "orders.jsonl").is_file()
    assert "orders did not start" in capsys.readouterr().err


def test_an_unusable_temp_folder_leaves_nothing_behind(temp_root, monkeypatch):
    def refuse(data_dir):
        from accord.cli import UsageError

        raise UsageError("signing key: refused")

    monkeypatch.setattr("accord.datadir.prepare_for_services", refuse)
    assert main(["demo", "--report-dir", "reports"]) == 2
    assert list(temp_root.iterdir()) == []
