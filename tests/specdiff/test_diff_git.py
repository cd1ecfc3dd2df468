"""`accord diff --git BASE HEAD`: `specs/` read at two revisions of a repository (or the working
tree as HEAD), reported as `specs/...` so CI annotations land on the right files."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from accord.cli import main

REMOVE_GET = {"shop/openapi.yaml": {"paths": {"/items": {"get": None}}}}
LINE = "BREAKING OAS-OPERATION-REMOVED  specs/shop/openapi.yaml#/paths/~1items/get"


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@pytest.fixture
def repo(make_specs, patch_specs, tmp_path, monkeypatch):
    """A repository whose first commit has the corpus base as specs/, the second removes an op."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    shutil.copytree(make_specs("seed"), root / "specs")
    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "root")
    git("add", "specs")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "specs")
    patch_specs(root / "specs", REMOVE_GET)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "remove GET /items")
    return root


def test_two_revisions(repo, capsys):
    assert main(["diff", "--git", "HEAD~1", "HEAD", "--no-lint"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("accord diff specs@HEAD~1 -> specs@HEAD\n")
    assert LINE in out


def test_same_revision_reports_nothing(repo, capsys):
    assert main(["diff", "--git", "main", "HEAD", "--no-lint"]) == 0
    assert "no changes" in capsys.readouterr().out


def test_working_tree_as_head(repo, patch_specs, capsys):
    patch_specs(repo / "specs", {"shop/service.yaml": {"version": "1.0.1"}})
    assert main(["diff", "--git", "HEAD", "specs", "--no-lint"]) == 0
    assert (
        "INFO     SVC-VERSION-CHANGED  specs/shop/service.yaml#/version" in capsys.readouterr().out
    )


def test_revision_without_specs_is_empty(repo, capsys):
    assert main(["diff", "--git", "HEAD~2", "HEAD", "--no-lint"]) == 0
    assert "INFO     SVC-SERVICE-ADDED  specs/shop/service.yaml#" in capsys.readouterr().out


def test_bad_revision_exits_2(repo, capsys):
    assert main(["diff", "--git", "no-such-branch", "HEAD"]) == 2
    assert capsys.readouterr().err == "accord diff: no-such-branch: not a git revision\n"


def test_outside_a_repository_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["diff", "--git", "main", "HEAD"]) == 2
    assert capsys.readouterr().err.startswith("accord diff: git rev-parse: ")


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["HEAD~1", "HEAD"], "at HEAD~1 nor at HEAD"),
        (["HEAD", "HEAD"], "at HEAD"),
        (["HEAD", "specs"], "at HEAD nor in the working tree"),
    ],
)
def test_a_mistyped_specs_path_exits_2(repo, capsys, argv, where):
    assert main(["diff", "--git", *argv, "--specs-path", "spcs"]) == 2
    message = f"accord diff: --specs-path spcs: no service.yaml below it {where}\n"
    assert capsys.readouterr() == ("", message)


def test_specs_path_naming_a_service_folder_exits_2(repo, capsys):
    assert main(["diff", "--git", "HEAD~1", "HEAD", "--specs-path", "specs/shop"]) == 2
    assert "specs/shop: a service folder, not a specs folder" in capsys.readouterr().err
