"""Orders' development token for Payments carries both scopes it uses there: `payments.write`
to request a payment and `payments.read` for the reconciler to read it back (without the latter
every read-back is a 403 and a lost outcome stays lost, as the fault suite found)."""

from __future__ import annotations

import jwt

from reference.orders.bootstrap import service_token
from reference.shared.settings import Settings


def test_the_dev_service_token_can_request_and_read_back_payments(tmp_path, monkeypatch):
    monkeypatch.delenv("ACCORD_ORDERS_SERVICE_TOKEN", raising=False)
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path))
    token = service_token(Settings.from_env("orders"))()
    claims = jwt.decode(token, options={"verify_signature": False})
    assert set(claims["scope"].split()) == {"payments.write", "payments.read"}
    assert claims["aud"] == "payments"
