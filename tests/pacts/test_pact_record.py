"""`accord pact record`: a recording proxy turns real traffic into a pact that is generalised by
the spec (ids and timestamps as matchers, enums exact, no real token), checked against the specs
before it is written, and that verifies against the reference."""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import jwt
import pytest

from accord.bundled import specs_dir
from accord.cli import main
from accord.pacts.recorder import record
from accord.pacts.recorder_rules import Recorded
from tests.conformance.fakes import reference_process

ROOT = Path(__file__).parents[2]

PAYMENT = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
ORDER = "3f0c1b2a-9d4e-4c5f-8a6b-7c8d9e0f1a2b"
REAL_TOKEN = "Bearer eyJyZWFs.eyJzZWNyZXQiOnRydWV9.c2VjcmV0LXNpZ25hdHVyZQ"


def exchange(status: int = 201, **changes) -> Recorded:
    body = {
        "id": PAYMENT,
        "orderId": ORDER,
        "method": "card",
        "status": "successful",
        "createdAt": "2026-01-15T10:30:00.123Z",
    }
    values = {
        "method": "POST",
        "path": "/payments",
        "query": "",
        "request_headers": {
            "authorization": REAL_TOKEN,
            "content-type": "application/json",
            "user-agent": "shop/1.0",
        },
        "request_body": json.dumps({"orderId": ORDER, "method": "card"}).encode(),
        "status": status,
        "response_headers": {
            "content-type": "application/json",
            "location": f"/payments/{PAYMENT}",
        },
        "response_body": json.dumps(body).encode(),
        **changes,
    }
    return Recorded(**values)


def test_values_are_generalised_by_the_spec_and_no_token_is_stored(tmp_path):
    out = tmp_path / "shop-payments.json"
    result = record("shop", "payments", [exchange(), exchange()], specs_dir(), out)
    assert result.written == out and result.interactions == 1  # a repeat is one interaction
    text = out.read_text()
    assert "eyJyZWFs" not in text and "user-agent" not in text.lower()
    (interaction,) = json.loads(text)["interactions"]
    assert interaction["description"] == "POST /payments -> 201 (method=card)"
    assert interaction["providerStates"] == [
        {"name": "payments can be taken for an order", "params": {"orderId": ORDER}}
    ]
    rules = interaction["response"]["matchingRules"]
    assert rules["body"]["$.id"]["matchers"][0]["match"] == "regex"
    assert rules["body"]["$.createdAt"]["matchers"][0] == {
        "match": "datetime",
        "format": "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    }
    assert "$.status" not in rules["body"] and "$.method" not in rules["body"]  # enums exact
    location = rules["header"]["Location"]["matchers"][0]["regex"]
    assert re.fullmatch(location, f"/payments/{uuid.uuid4()}")
    auth = interaction["request"]["matchingRules"]["header"]["Authorization"]
    assert auth["matchers"][0]["match"] == "regex"


def test_a_pact_that_disagrees_with_the_spec_is_refused(tmp_path):
    out = tmp_path / "shop-payments.json"
    body = json.loads(exchange().response_body) | {"status": "declined"}  # not in the enum
    broken = exchange(response_body=json.dumps(body).encode())
    result = record("shop", "payments", [broken], specs_dir(), out)
    assert result.written is None and not out.exists()
    assert [m.why for m in result.mismatches] == [
        "response body: 'declined' is not one of ['pending', 'successful', 'failed'] (at /status)"
    ]


def test_a_path_the_spec_lacks_is_left_out(tmp_path):
    result = record(
        "shop", "payments", [exchange(path="/refunds")], specs_dir(), tmp_path / "p.json"
    )
    assert result.interactions == 0
    assert result.skipped == ["POST /refunds: not in payments's OpenAPI"]


@pytest.mark.slow
def test_recorded_traffic_becomes_a_pact_that_verifies_against_the_reference(tmp_path):
    out = tmp_path / "pacts" / "shop-payments.json"
    with reference_process.Reference(tmp_path / "var") as reference:
        command = [*reference_process.ACCORD, "pact", "record", "--consumer", "shop"]
        command += ["--provider", "payments", "--upstream", reference.url("payments")]
        command += ["--port", "0", "--out", str(out)]
        proxy = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        first = proxy.stdout.readline().decode()
        url = re.search(r"at (http://127\.0\.0\.1:\d+)", first).group(1)
        headers = {"Authorization": f"Bearer {token(reference)}"}
        with httpx.Client(base_url=url, headers=headers) as client:
            card = client.post(
                "/payments",
                json={"orderId": str(uuid.uuid4()), "method": "card"},
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            declined = {"orderId": str(uuid.uuid4()), "method": "test_declined"}
            assert client.post("/payments", json=declined).status_code == 201
            assert client.get(f"/payments/{card.json()['id']}").status_code == 200
            assert client.get(f"/payments/{uuid.uuid4()}").status_code == 404
            client.post("/__accord/stop")
        output = proxy.communicate(timeout=30)[0].decode()
        assert proxy.returncode == 0, output
        assert "wrote" in output and "4 interactions" in output
        assert main(["pact", "check", str(out)]) == 0
        target = reference.target(tmp_path / "target.yaml", pacts=str(out.parent))
        reports = tmp_path / "reports"
        code = main(
            ["run", "--target", str(target), "--report-dir", str(reports), "--only", "pacts"]
        )
    report = json.loads((reports / "report.json").read_text())
    passed = {c["subject"] for c in report["checks"] if c["status"] == "passed"}
    assert code == 0, [(c["subject"], c["message"]) for c in report["checks"]]
    assert passed == {
        "shop-payments.json:GET /payments/{id} -> 200",
        "shop-payments.json:GET /payments/{id} -> 404",
        "shop-payments.json:POST /payments -> 201 (method=card)",
        "shop-payments.json:POST /payments -> 201 (method=test_declined)",
    }
    assert "Bearer ey" not in out.read_text().replace(
        "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InJlY29yZGVkIn0.c2lnbmF0dXJl", ""
    )


def token(reference) -> str:
    now = int(time.time())
    claims = {
        "iss": "accord-dev",
        "sub": "shop",
        "aud": "payments",
        "iat": now,
        "exp": now + 600,
        "scope": "payments.read payments.write",
    }
    return jwt.encode(claims, reference.key_file().read_bytes(), "RS256")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--port", "99999"], "--port 99999: not a port number (0-65535, 0: any free port)"),
        (["--port", "-1"], "--port -1: not a port number (0-65535, 0: any free port)"),
        (
            ["--upstream", "localhost:8002"],
            "--upstream localhost:8002: not an http(s) URL, e.g. http://127.0.0.1:8001",
        ),
        (
            ["--upstream", "http://127.0.0.1:80020"],
            "--upstream http://127.0.0.1:80020: not a valid port",
        ),
        (["--max-interactions", "0"], "--max-interactions 0: must be 1 or more"),
        (["--out", "."], "--out .: is a folder, not a file"),
        (["--out", "a-file/p.json"], "--out a-file/p.json: a-file is not a folder"),
        (["--specs", "specs"], "specs/payments: no usable OpenAPI document for payments"),
    ],
)
def test_unusable_input_exits_2_before_recording(tmp_path, monkeypatch, capsys, options, message):
    monkeypatch.chdir(tmp_path)
    Path("a-file").write_text("", encoding="utf-8")
    Path("specs/payments").mkdir(parents=True)
    Path("specs/payments/service.yaml").write_text("name: payments\n", encoding="utf-8")
    monkeypatch.setattr(
        "accord.pacts.recorder.RecordingProxy", lambda *a: pytest.fail("recording started")
    )
    argv = ["pact", "record", "--consumer", "shop", "--provider", "payments", *options]
    assert main(argv) == 2
    assert capsys.readouterr() == ("", f"accord pact: {message}\n")
