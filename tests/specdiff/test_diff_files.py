"""`accord diff OLD_FILE NEW_FILE`: two single OpenAPI or AsyncAPI documents, compared as a
service's are, with the version policy of a lone document, HEAD validated, the pacts skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from accord.bundled import REPO_ROOT
from accord.cli import main

REMOVE_GET = {"shop/openapi.yaml": {"paths": {"/items": {"get": None}}}}


@pytest.fixture
def files(make_specs, tmp_path, monkeypatch):
    """`files(head_patches, name)`: (old, new) copies of one corpus document, under tmp."""
    monkeypatch.chdir(tmp_path)

    def make(head: dict | None = None, name: str = "openapi.yaml") -> tuple[str, str]:
        make_specs("base")
        make_specs("head", head)
        shutil.copyfile(Path("base/shop", name), f"old-{name}")
        shutil.copyfile(Path("head/shop", name), f"new-{name}")
        return f"old-{name}", f"new-{name}"

    return make


def test_two_openapi_files(files, capsys):
    assert main(["diff", *files(REMOVE_GET)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("accord diff old-openapi.yaml -> new-openapi.yaml\n")
    assert "BREAKING OAS-OPERATION-REMOVED  new-openapi.yaml#/paths/~1items/get\n" in out
    assert (
        "lint: passed\npact check: skipped\n  two single files: pacts need a specs folder\n" in out
    )


def test_two_asyncapi_files(files, capsys):
    head = {"shop/asyncapi.yaml": {"channels": {"stock.changed": None}}}
    assert main(["diff", *files(head, "asyncapi.yaml"), "--format", "json"]) == 0
    assert '"rule": "AAS-SUBSCRIBED-CHANNEL-REMOVED"' in capsys.readouterr().out


def test_a_file_against_itself_reports_nothing(files, capsys):
    old, _ = files()
    assert main(["diff", old, old]) == 0
    assert "no changes\nlint: passed\n" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["openapi.yaml", "asyncapi.yaml"])
def test_the_real_documents_against_themselves_report_nothing(name, capsys):
    path = str(REPO_ROOT / "specs" / "orders" / name)
    assert main(["diff", path, path, "--format", "json"]) == 0
    assert '"changes": []' in capsys.readouterr().out


def test_a_major_bump_of_the_document_covers_breaking_changes(files, capsys):
    bump = {"shop/openapi.yaml": {"info": {"version": "2.0.0"}, **REMOVE_GET["shop/openapi.yaml"]}}
    assert main(["diff", *files(bump)]) == 0
    out = capsys.readouterr().out
    assert "(covered by a major version bump)" in out
    assert "note: major version bumped: new-openapi.yaml" in out


def test_the_allow_list_beside_head_is_the_default(files, capsys):
    old, new = files(REMOVE_GET)
    entry = {"rule": "OAS-OPERATION-REMOVED", "document": new, "pointer": "/paths/~1items/get"}
    Path(".accord-allow.yaml").write_text(yaml.safe_dump({"allow": [{**entry, "reason": "ok"}]}))
    assert main(["diff", old, new]) == 0
    assert "(allowed: ok)" in capsys.readouterr().out


def test_lint_validates_head_against_its_kind(files, capsys):
    old, new = files({"shop/openapi.yaml": {"paths": {"/items": {"get": {"responses": None}}}}})
    assert main(["diff", old, new, "--no-pacts"]) == 1
    out = capsys.readouterr().out
    assert "lint: failed\n  new-openapi.yaml:/paths/~1items/get: " in out
    assert "pact check: skipped\n  skipped (--no-pacts)\n" in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: ("old-openapi.yaml", "new-asyncapi.yaml"),
            "old-openapi.yaml is OpenAPI, new-asyncapi.yaml is AsyncAPI: "
            "give two documents of one kind",
        ),
        (
            lambda: ("old-openapi.yaml", "base/shop/service.yaml"),
            "base/shop/service.yaml: neither an OpenAPI nor an AsyncAPI document "
            "(no top-level `openapi` or `asyncapi`)",
        ),
        (
            lambda: ("old-openapi.yaml", _write("broken.yaml", "paths: [unclosed\n")),
            "YAML syntax error at broken.yaml:2:1: expected ',' or ']', but got '<stream end>'",
        ),
        (lambda: ("old-openapi.yaml", _write("empty.yaml", "")), "empty.yaml: document is empty"),
    ],
)
def test_unusable_files_exit_2_with_one_line(files, capsys, make, message):
    files()
    shutil.copyfile("base/shop/asyncapi.yaml", "new-asyncapi.yaml")
    assert main(["diff", *make()]) == 2
    assert capsys.readouterr() == ("", f"accord diff: {message}\n")


def _write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name
