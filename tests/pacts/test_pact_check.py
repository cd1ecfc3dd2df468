"""`accord pact check`: one small broken pact per way of breaking a spec, each caught with its exact
report line; the generated pacts pass; unusable input is one line and exit status 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from accord.bundled import specs_dir
from accord.cli import main

BROKEN = Path(__file__).parent / "broken"
PAYMENTS_API = "specs/payments/openapi.yaml"

EXPECTED = {
    "unknown-path": "a request for a path Payments lacks: "
    f"{PAYMENTS_API}#/paths: no path template matches "
    "GET /payment/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    "wrong-type": "an order id that is a number: "
    f"{PAYMENTS_API}#/components/schemas/Uuid/type: "
    "request body: 42 is not of type 'string' (at /orderId)",
    "undocumented-status": "a payment answered with 200: "
    f"{PAYMENTS_API}#/paths/~1payments/post/responses: "
    "status 200 is not documented (documented: 201, 400, 401, 403, 415, 422, 431, default)",
    "enum-value": "a payment by a method Payments lacks: "
    f"{PAYMENTS_API}#/components/schemas/PaymentMethod/enum: "
    "request body: 'paypal' is not one of ['card', 'test_declined'] (at /method)",
}


@pytest.fixture(autouse=True)
def in_repo_root(monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[2])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_pact_is_reported_exactly(name, capsys):
    assert main(["pact", "check", str(BROKEN / f"{name}.json")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"tests/pacts/broken/{name}.json: {EXPECTED[name]}",
        "1 mismatch in 1 interactions",
    ]


def test_a_message_field_the_payload_forbids(tmp_path, capsys):
    specs = tmp_path / "specs"
    shutil.copytree(specs_dir(), specs)
    asyncapi = specs / "payments" / "asyncapi.yaml"
    document = yaml.safe_load(asyncapi.read_text())
    document["components"]["schemas"]["PaymentFailedData"]["additionalProperties"] = False
    asyncapi.write_text(yaml.safe_dump(document, sort_keys=False))
    pact = BROKEN / "forbidden-message-field.json"
    assert main(["pact", "check", str(pact), "--specs", str(specs)]) == 1
    [line, _] = capsys.readouterr().out.splitlines()
    assert line == (
        "tests/pacts/broken/forbidden-message-field.json: "
        "a payment.failed event with a retry time: "
        f"{asyncapi}#/components/schemas/PaymentFailedData/additionalProperties: message contents: "
        "Additional properties are not allowed ('retryAt' was unexpected) (at /data)"
    )


def test_the_bundled_specs_allow_that_field(capsys):
    """Event data is open in our contracts (consumers ignore unknown fields)."""
    assert main(["pact", "check", str(BROKEN / "forbidden-message-field.json")]) == 0


def test_a_response_recorded_without_a_required_field_is_a_part_of_the_response(capsys):
    """Pact matching ignores what a consumer did not record; so does the check."""
    partial = BROKEN.parent / "partial" / "response-without-a-required-field.json"
    assert main(["pact", "check", str(partial)]) == 0


def _specs_with_new_required_fields(tmp_path: Path) -> Path:
    """The bundled specs, where the Payment response and both payment events gain a field the
    provider always sends, that no committed pact recorded."""
    specs = tmp_path / "specs"
    shutil.copytree(specs_dir(), specs)
    for name, schemas in [
        ("openapi.yaml", ["Payment"]),
        ("asyncapi.yaml", ["PaymentSuccessfulData", "PaymentFailedData"]),
    ]:
        path = specs / "payments" / name
        document = yaml.safe_load(path.read_text())
        for schema in schemas:
            found = document["components"]["schemas"][schema]
            found["properties"]["amountCents"] = {"type": "integer", "minimum": 0}
            found["required"].append("amountCents")
        path.write_text(yaml.safe_dump(document, sort_keys=False))
    return specs


def test_a_new_required_response_or_event_field_breaks_no_committed_pact(tmp_path, capsys):
    specs = _specs_with_new_required_fields(tmp_path)
    assert main(["pact", "check", "pacts/orders-payments.json", "--specs", str(specs)]) == 0
    assert capsys.readouterr().out.startswith("pacts OK: 1 pacts, 6 interactions")


def _edited_pact(tmp_path: Path, edit) -> Path:
    data = json.loads(Path("pacts/orders-payments.json").read_text())
    edit(data["interactions"])
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    return path


def _body(interactions: list, description: str, side: str) -> dict:
    found = next(i for i in interactions if i["description"] == description)
    return found["contents" if side == "message" else side][
        "content" if side == "message" else "body"
    ]


def test_what_a_partial_recording_holds_is_still_judged(tmp_path, capsys):
    """A recorded value of the wrong type fails, in a response and in a message."""

    def edit(interactions: list) -> None:
        _body(interactions, "a request for an existing payment", "response")["content"][
            "status"
        ] = 7
        _body(interactions, "a payment.failed event", "message")["data"]["method"] = "cash"

    specs = _specs_with_new_required_fields(tmp_path)
    pact = _edited_pact(tmp_path, edit)
    assert main(["pact", "check", str(pact), "--specs", str(specs)]) == 1
    out = capsys.readouterr().out
    assert "response body: 7 is not of type 'string' (at /status)" in out
    assert (
        "message contents: 'cash' is not one of ['card', 'test_declined'] (at /data/method)" in out
    )
    assert out.endswith("2 mismatches in 6 interactions\n")


def test_a_request_is_judged_whole(tmp_path, capsys):
    """The consumer sends the whole request: a required field it leaves out is a mismatch."""

    def edit(interactions: list) -> None:
        del _body(interactions, "a request for a card payment", "request")["content"]["orderId"]

    assert main(["pact", "check", str(_edited_pact(tmp_path, edit))]) == 1
    assert "request body: 'orderId' is a required property" in capsys.readouterr().out


def test_the_generated_pacts_pass(capsys):
    assert main(["pact", "check"]) == 0
    assert capsys.readouterr().out.startswith("pacts OK: 2 pacts")


def test_a_folder_of_pacts_reports_every_file(capsys):
    assert main(["pact", "check", str(BROKEN)]) == 1
    assert len(capsys.readouterr().out.splitlines()) == len(EXPECTED) + 1


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "invalid JSON"),
        ('{"interactions": []}', "not a pact file"),
    ],
)
def test_an_unusable_pact_is_one_line_and_status_2(tmp_path, capsys, content, why):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["pact", "check", str(path)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"accord pact: {path}: {why}")


def test_a_missing_folder_is_status_2(tmp_path, capsys):
    assert main(["pact", "check", str(tmp_path / "nowhere")]) == 2
    assert (
        capsys.readouterr().err == f"accord pact: {tmp_path / 'nowhere'}: no such file or folder\n"
    )


def test_a_provider_without_specs_is_a_mismatch(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text(
        '{"consumer": {"name": "a"}, "provider": {"name": "ghost"}, "interactions": []}'
    )
    assert main(["pact", "check", str(path)]) == 1
    assert "no specs for provider 'ghost'" in capsys.readouterr().out


def test_a_v3_pact_is_read_and_judged_on_parameters_security_and_headers(capsys):
    """Pact V3 layout (headers as strings, no body wrapper); each finding its own line."""
    assert main(["pact", "check", "tests/pacts/v3/old-orders.json"]) == 1
    where = [line.split(": ")[2] for line in capsys.readouterr().out.splitlines()[:-1]]
    api = "specs/orders/openapi.yaml#"
    assert where == [
        f"{api}/paths/~1orders/get/parameters/0/schema/maximum",
        f"{api}/components/schemas/OrderPage/properties/limit/maximum",
        f"{api}/paths/~1orders~1{{id}}/patch/security",
        f"{api}/components/schemas/OrderStatusUpdate/additionalProperties",
        f"{api}/paths/~1orders~1{{id}}/patch/responses/200/headers",
    ]


def test_a_pact_nested_too_deep_is_one_line_and_status_2(tmp_path, capsys):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)  # beyond the JSON parser's recursion
    assert main(["pact", "check", str(path)]) == 2
    assert capsys.readouterr().err == f"accord pact: {path}: nested more than 64 levels deep\n"


def test_specs_without_services_is_status_2(tmp_path, capsys):
    assert main(["pact", "check", "--specs", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"accord pact: {tmp_path}: not a specs folder (no <service>/service.yaml in it)\n"
    )
