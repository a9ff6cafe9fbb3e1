"""Asking for a till code after "I've been scammed": the customer hears why there is none."""

import pytest

from actions.money.codes import ActionPaymentCode
from assistant.bank.protection import FirstHour
from tests.support import bind, make_tracker, run_action


@pytest.mark.parametrize("said", ["my shop code", "a new payment code please"])
def test_a_code_asked_for_during_a_scam_pause_is_refused_with_the_reason(services, said):
    bind(services.db, "s-code", "demo")
    FirstHour(services.db, services.settings, services.cards, services.support).pause(
        "demo", "scam reported"
    )
    messages, _ = run_action(ActionPaymentCode(), make_tracker("s-code", said, "payment_code"))
    [said_back] = [m["text"] for m in messages]
    assert said_back.startswith("Payment codes are stopped while payments are paused.")
    assert "because a fraud was reported on" in said_back
    assert said_back.endswith(
        "Only a person at the bank can lift it sooner, once they have "
        "checked with you: our fraud team will talk it through when "
        "they call, or you can call us."
    )
