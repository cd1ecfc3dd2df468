"""`accord diff BASE HEAD`: exit 0 when nothing blocks, 1 on a breaking change or a failed step,
2 for unusable input; the allow-list, the lint step and the pluggable pact step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from accord.bundled import REPO_ROOT, specs_dir
from accord.cli import main
from accord.specdiff import diff_trees, gate, load_tree
from accord.specdiff import steps as gate_steps

REAL_SPECS = REPO_ROOT / "specs"
REMOVE_GET = {"shop/openapi.yaml": {"paths": {"/items": {"get": None}}}}
ADD_FIELD = {"shop/openapi.yaml": {"components": {"schemas": {"Item": {"properties": {"c": {}}}}}}}
RULE, DOC, PTR = "OAS-OPERATION-REMOVED", "head/shop/openapi.yaml", "/paths/~1items/get"


@pytest.fixture
def trees(make_specs, tmp_path, monkeypatch):
    """`trees(head_patches)`: base/ and head/ under the current directory (tmp)."""
    monkeypatch.chdir(tmp_path)  # no pacts/ here: the pact step is skipped

    def make(head: dict | None = None) -> tuple[str, str]:
        make_specs("base")
        make_specs("head", head)
        return "base", "head"

    return make


def test_real_specs_against_themselves_report_nothing():
    assert diff_trees(load_tree(REAL_SPECS, "specs"), load_tree(REAL_SPECS, "specs")) == []


def test_real_specs_pass_the_whole_gate(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REAL_SPECS, tmp_path / "specs")
    shutil.copytree(REPO_ROOT / "pacts", tmp_path / "pacts")
    assert main(["diff", "specs", "specs"]) == 0
    out = capsys.readouterr().out
    assert "no changes\nlint: passed\npact check: passed\n" in out


def test_breaking_change_exits_1(trees, capsys):
    assert main(["diff", *trees(REMOVE_GET), "--no-lint"]) == 1
    out = capsys.readouterr().out
    assert f"BREAKING {RULE}  {DOC}#{PTR}\n         GET /items removed\n" in out
    assert out.endswith("FAILED: 1 breaking (1 blocking), 0 warning(s), 0 info\n")


def test_compatible_change_exits_0(trees, capsys):
    assert main(["diff", *trees(ADD_FIELD), "--no-lint"]) == 0
    assert "INFO     RESPONSE-OPTIONAL-PROPERTY-ADDED" in capsys.readouterr().out


REMOVE_PARAMETER = {"shop/openapi.yaml": {"paths": {"/items": {"post": {"parameters": []}}}}}


def test_a_warning_passes_by_default_and_fails_with_fail_on_warning(trees, capsys):
    base, head = trees(REMOVE_PARAMETER)
    assert main(["diff", base, head, "--no-lint"]) == 0
    assert capsys.readouterr().out.endswith(
        "PASSED: 0 breaking (0 blocking), 1 warning(s), 0 info\n"
    )
    assert main(["diff", base, head, "--no-lint", "--fail-on", "warning"]) == 1
    assert capsys.readouterr().out.endswith(
        "FAILED: 0 breaking, 1 warning(s), 0 info (1 blocking at --fail-on warning)\n"
    )


def test_fail_on_warning_honours_the_allow_list(trees, capsys):
    base, head = trees(REMOVE_PARAMETER)
    ptr = "/paths/~1items/post/parameters/0"
    _allow(Path("allow.yaml"), rule="OAS-PARAMETER-REMOVED", document=DOC, pointer=ptr, reason="ok")
    argv = ["diff", base, head, "--no-lint", "--fail-on", "warning", "--allow", "allow.yaml"]
    assert main(argv) == 0
    assert "(allowed: ok)" in capsys.readouterr().out


def test_fail_on_warning_honours_a_major_bump(make_specs):
    bump = {
        "shop/service.yaml": {"version": "2.0.0"},
        "shop/openapi.yaml": {"info": {"version": "2.0.0"}},
    }
    base = load_tree(make_specs("b"), "s")
    head = load_tree(make_specs("h", bump, REMOVE_PARAMETER), "s")
    result = gate(base, head, None, None, "warning")
    removed = [c for c in result.changes if c.rule.id == "OAS-PARAMETER-REMOVED"]
    assert [(c.covered, c.blocking) for c in removed] == [(True, False)]
    assert result.passed


def test_an_unknown_fail_on_level_exits_2(trees, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["diff", *trees(), "--fail-on", "info"])
    assert exited.value.code == 2
    assert "argument --fail-on: invalid choice: 'info'" in capsys.readouterr().err


def test_lint_problems_in_head_fail_the_gate(trees, capsys):
    assert main(["diff", *trees()]) == 1  # the corpus base breaks accord's cross-checks
    out = capsys.readouterr().out
    assert "no changes\nlint: failed\n  head/shop/asyncapi.yaml:" in out
    assert out.endswith("; lint failed\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "nowhere", "head"], "accord diff: nowhere: no such folder\n"),
        (
            ["diff", "base", "head", "--allow", "none.yaml"],
            "accord diff: none.yaml: no such allow-list\n",
        ),
    ],
)
def test_unusable_input_exits_2_with_one_line(trees, capsys, argv, message):
    trees()
    assert main(argv) == 2
    assert capsys.readouterr() == ("", message)


def test_invalid_yaml_exits_2_with_one_line(trees, capsys):
    base, head = trees()
    Path(head, "shop/openapi.yaml").write_text("paths: [unclosed\n", encoding="utf-8")
    assert main(["diff", base, head]) == 2
    err = capsys.readouterr().err
    assert err.startswith("accord diff: YAML syntax error at head/shop/openapi.yaml:")
    assert err.count("\n") == 1


def _allow(path: Path, **entry: str) -> Path:
    path.write_text(yaml.safe_dump({"allow": [entry]}), encoding="utf-8")
    return path


def test_allow_listed_change_passes_and_is_reported(trees, capsys):
    base, head = trees(REMOVE_GET)
    _allow(Path("allow.yaml"), rule=RULE, document=DOC, pointer=PTR, reason="no client lists")
    assert main(["diff", base, head, "--no-lint", "--allow", "allow.yaml"]) == 0
    assert "(allowed: no client lists)" in capsys.readouterr().out


def test_allow_list_in_head_is_the_default_and_may_omit_the_folder(trees, capsys):
    base, head = trees(REMOVE_GET)
    path = Path(head, ".accord-allow.yaml")
    _allow(path, rule=RULE, document="shop/openapi.yaml", pointer=PTR, reason="agreed")
    assert main(["diff", base, head, "--no-lint"]) == 0


def test_allow_list_entry_without_reason_exits_2(trees, capsys):
    base, head = trees(REMOVE_GET)
    _allow(Path("allow.yaml"), rule=RULE, document=DOC, pointer=PTR)
    assert main(["diff", base, head, "--allow", "allow.yaml"]) == 2
    assert capsys.readouterr().err == "accord diff: allow.yaml: entry 1 needs reason\n"


def test_unused_allow_list_entry_is_a_note(trees, capsys):
    base, head = trees()
    _allow(Path("allow.yaml"), rule=RULE, document=DOC, pointer="/x", reason="old")
    assert main(["diff", base, head, "--no-lint", "--allow", "allow.yaml"]) == 0
    assert f"note: allow-list entry matched nothing: {RULE} {DOC}#/x" in capsys.readouterr().out


def test_pact_step_is_skipped_with_a_reason_without_pact_files(make_specs, tmp_path):
    head = load_tree(make_specs("head"), "specs")
    step = gate_steps.pact_step(head, gate_steps.GateOptions(pacts_dir=tmp_path))
    assert (step.status, step.lines) == ("skipped", [f"no pact files in {tmp_path}"])


def test_pact_step_fails_when_head_breaks_a_committed_pact(make_specs):
    head = load_tree(make_specs("head"), "specs")  # a `shop` service only: no orders, no payments
    step = gate_steps.pact_step(head, gate_steps.GateOptions(pacts_dir=REPO_ROOT / "pacts"))
    assert step.status == "failed"
    assert any("no specs for provider 'payments'" in line for line in step.lines)


def test_pact_step_passes_on_the_real_specs():
    head = load_tree(specs_dir(), "specs")
    step = gate_steps.pact_step(head, gate_steps.GateOptions(pacts_dir=REPO_ROOT / "pacts"))
    assert step.status == "passed", step.lines
    assert step.lines[-1].startswith("pacts OK:")


def test_a_new_required_field_in_a_response_and_an_event_keeps_the_pact_step_passing(tmp_path):
    """Committed pacts record what consumers read: a field the provider now always sends, which
    they never recorded, cannot break them (the diff still reports it, as a warning)."""
    specs = tmp_path / "specs"
    shutil.copytree(REAL_SPECS, specs)
    for name, schema in [("openapi.yaml", "Payment"), ("asyncapi.yaml", "PaymentFailedData")]:
        path = specs / "payments" / name
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = document["components"]["schemas"][schema]
        found["properties"]["amountCents"] = {"type": "integer", "minimum": 0}
        found["required"].append("amountCents")
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    options = gate_steps.GateOptions(lint=False, pacts_dir=REPO_ROOT / "pacts")
    result = gate(load_tree(REAL_SPECS, "specs"), load_tree(specs, "specs"), None, options)
    assert {(c.rule.id, c.level) for c in result.changes} == {
        ("RESPONSE-REQUIRED-PROPERTY-ADDED", "warning")
    }
    assert [s.status for s in result.steps] == ["skipped", "passed"]
    assert result.passed


def test_major_bump_reports_but_passes(make_specs):
    bump = {
        "shop/service.yaml": {"version": "2.0.0"},
        "shop/openapi.yaml": {"info": {"version": "2.0.0"}},
    }
    result = gate(
        load_tree(make_specs("b"), "s"), load_tree(make_specs("h", bump, REMOVE_GET), "s")
    )
    removed = [c for c in result.changes if c.rule.id == RULE]
    assert [(c.covered, c.blocking) for c in removed] == [(True, False)]
    assert result.passed
    assert result.notes == ["major version bumped: shop"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["diff", "base/shop", "head/shop"],
            "accord diff: base/shop: a service folder, not a specs folder "
            "(give the folder that holds it)\n",
        ),
        (["diff", "base", "other/shop"], "accord diff: other/shop: no such folder\n"),
        (
            ["diff", "base/shop/openapi.yaml", "head"],
            "accord diff: base/shop/openapi.yaml is a file, head a folder: "
            "give two specs folders or two OpenAPI/AsyncAPI files\n",
        ),
        (
            ["diff", "base/shop/openapi.yaml", "nowhere.yaml"],
            "accord diff: nowhere.yaml: no such file or folder\n",
        ),
        (
            ["diff", "base", "empty"],
            "accord diff: empty: not a specs folder (no service.yaml below it)\n",
        ),
    ],
)
def test_a_folder_that_is_not_a_specs_folder_exits_2(trees, capsys, argv, message):
    trees()
    Path("empty").mkdir()
    assert main(argv) == 2
    assert capsys.readouterr() == ("", message)


def test_a_document_outside_the_specs_folder_is_named_by_its_path(trees, patch_specs, capsys):
    base, head = trees()
    shared = Path("shared-log.yaml").resolve()
    shutil.copyfile(Path(base, "common/log-record.schema.yaml"), shared)
    for root in (base, head):  # a manifest may name a file anywhere, e.g. a shared repository
        patch_specs(Path(root), {"shop/service.yaml": {"logging": {"schema": str(shared)}}})
    assert main(["diff", base, head, "--no-lint"]) == 0
    assert "no changes" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("missing/report.txt", "--output missing/report.txt: no such folder missing"),
        (".", "--output .: is a folder, not a file"),
        ("a-file/report.txt", "--output a-file/report.txt: a-file is not a folder"),
    ],
)
def test_unusable_output_exits_2_before_the_work(trees, monkeypatch, capsys, output, message):
    base, head = trees()
    Path("a-file").write_text("", encoding="utf-8")
    monkeypatch.setattr("accord.commands.diff.gate", lambda *a: pytest.fail("gate ran"))
    assert main(["diff", base, head, "--output", output]) == 2
    assert capsys.readouterr() == ("", f"accord diff: {message}\n")


def test_output_is_written(trees, capsys):
    assert main(["diff", *trees(), "--no-lint", "--output", "report.txt"]) == 0
    assert capsys.readouterr().out == ""
    assert "no changes" in Path("report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("pacts", "message"),
    [
        ("typo", "--pacts typo: no such file or folder"),
        ("empty", "--pacts empty: no pact files (*.json)"),
    ],
)
def test_explicit_pacts_that_are_not_there_exit_2(trees, capsys, pacts, message):
    base, head = trees()
    Path("empty").mkdir()
    assert main(["diff", base, head, "--pacts", pacts]) == 2
    assert capsys.readouterr() == ("", f"accord diff: {message}\n")


def test_pacts_are_not_checked_with_no_pacts(trees, capsys):
    assert main(["diff", *trees(), "--no-lint", "--no-pacts", "--pacts", "typo"]) == 0


def test_pacts_may_name_one_pact_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REAL_SPECS, tmp_path / "specs")
    pact = REPO_ROOT / "pacts" / "orders-payments.json"
    assert main(["diff", "specs", "specs", "--no-lint", "--pacts", str(pact)]) == 0
    assert "pact check: passed\n" in capsys.readouterr().out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_output_that_fails_while_writing_exits_2(trees, capsys):
    assert main(["diff", *trees(), "--no-lint", "--output", "/dev/full"]) == 2
    assert capsys.readouterr() == ("", "accord diff: --output /dev/full: No space left on device\n")


def test_a_document_nested_too_deep_exits_2_naming_it(trees, capsys):
    base, head = trees()
    Path(head, "shop/openapi.yaml").write_text("x: " + "[" * 2000 + "]" * 2000, "utf-8")
    assert main(["diff", base, head]) == 2
    err = "accord diff: head/shop/openapi.yaml: nested more than 64 levels deep\n"
    assert capsys.readouterr() == ("", err)


def test_an_allow_list_that_is_not_text_exits_2(trees, capsys):
    base, head = trees()
    Path("allow.yaml").write_bytes(b"\xff\xfe")
    assert main(["diff", base, head, "--allow", "allow.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("accord diff: allow.yaml: cannot read the allow-list: 'utf-8' codec")
    assert err.count("\n") == 1
