"""The payment outcome rule: card always succeeds, test_declined always fails (card_declined)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reference.payments.domain import events
from reference.payments.domain.model import Payment, PaymentAlreadyFinal, PaymentStatus

T0 = datetime(2025, 1, 15, 10, 30, tzinfo=UTC)


def test_card_succeeds():
    payment = Payment.initiate("p-1", "o-1", "card", T0)
    assert payment.status is PaymentStatus.PENDING
    payment.process()
    assert payment.status is PaymentStatus.SUCCESSFUL and payment.failure_reason is None
    assert payment.events == [
        events.PaymentCreated("p-1", "o-1", "card"),
        events.PaymentSucceeded("p-1", "o-1", "card"),
    ]


def test_test_declined_fails_with_card_declined():
    payment = Payment.initiate("p-1", "o-1", "test_declined", T0)
    payment.process()
    assert payment.status is PaymentStatus.FAILED
    assert payment.failure_reason == "card_declined"
    assert payment.events[-1] == events.PaymentFailed(
        "p-1", "o-1", "test_declined", "card_declined"
    )


def test_a_final_payment_is_never_processed_again():
    payment = Payment.initiate("p-1", "o-1", "card", T0)
    payment.process()
    with pytest.raises(PaymentAlreadyFinal):
        payment.process()
    assert payment.status is PaymentStatus.SUCCESSFUL


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="cash"):
        Payment.initiate("p-1", "o-1", "cash", T0)
