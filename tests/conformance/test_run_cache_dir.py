"""`accord run` keeps Hypothesis's cache out of the user's working directory."""

import os

from accord.cli import main


def test_hypothesis_cache_goes_to_accords_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY", raising=False)
    assert main(["run", "--target", str(tmp_path / "missing.yaml")]) == 2
    expected = tmp_path / "cache" / "accord" / "hypothesis"
    assert os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] == str(expected)


def test_an_explicit_hypothesis_folder_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(tmp_path / "mine"))
    assert main(["run", "--target", str(tmp_path / "missing.yaml")]) == 2
    assert os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] == str(tmp_path / "mine")
