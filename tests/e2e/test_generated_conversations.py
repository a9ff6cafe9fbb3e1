"""The first 20 of bench/conversations.py's generated conversations, through the real stack:
nothing changes without a yes, no amount is read back or paid wrong, no harmless sentence
locks anything, and "what have you done?" says the audit log. The full 300 stay in the
benchmark. The checks themselves are shown to catch a change, an amount and a claim."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.conversation_templates import CARDS, Conversation, Turn, generate
from bench.conversations import (
    ERROR,
    LOCKDOWN,
    MUST_BE_ZERO,
    UNASKED,
    WRONG_AMOUNT,
    audit_problems,
    figures,
    report,
    run_all,
    run_conversation,
)

pytestmark = pytest.mark.e2e

SAMPLE = 20


def test_a_seeded_sample_acts_only_on_what_the_customer_said(assistant):
    results = run_all(generate(SAMPLE), assistant.web_url, assistant.db)
    shown = figures(results)
    assert {f: shown[f] for f in (*MUST_BE_ZERO, ERROR)} == dict.fromkeys(
        (*MUST_BE_ZERO, ERROR), 0
    ), report(results, 0)


def test_the_checks_catch_a_change_an_amount_and_a_claim_not_made(assistant):
    # A freeze whose yes is not declared a consent, in a conversation declared harmless,
    # and a payment of $50 expected as $40: each must be counted.
    wrong = Conversation(
        "checks",
        "robert",
        (
            Turn(say="freeze my card"),
            Turn(say="yes"),
            Turn(say="send 50 dollars to my son", amount=4000),
            Turn(say="no"),
        ),
        harmless=True,
    )
    result = run_conversation(wrong, assistant.web_url, assistant.db, "USD", "en_US")
    assert {UNASKED, LOCKDOWN, WRONG_AMOUNT} <= result.failed, report([result], 0)
    assert any(CARDS in why for figure, why in result.problems if figure == UNASKED)
    # The card frozen and the payment declined were recorded: an answer that leaves them
    # out, or says a payment that was never made, does not match the audit log.
    since = dt.datetime(2000, 1, 1)  # a fresh customer: all of its records are this talk's
    card = result.transcript[0][1].split("ending ")[1][:4]
    assert audit_problems(assistant.db, result.customer_id, since, "Nothing done.")
    assert audit_problems(
        assistant.db,
        result.customer_id,
        since,
        f"I froze your card ending {card}.\nI sent money to Carlos Diaz.",
    )
    true = f"I froze your card ending {card}.\nI cancelled a payment that had not gone yet."
    assert audit_problems(assistant.db, result.customer_id, since, true.splitlines()[0])
    assert not audit_problems(assistant.db, result.customer_id, since, true)
    backwards = "\n".join(reversed(true.splitlines()))
    assert audit_problems(assistant.db, result.customer_id, since, backwards)
