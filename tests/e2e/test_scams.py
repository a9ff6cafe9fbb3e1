"""Scam protection through the real stack: web API, Rasa server, action server, database.

Scam stories answered with a warning and no fraud case; ordinary look-alikes
left alone; the warning said in the read-back of a paused payment, before
any yes; "I've been scammed" running the first-hour response, checked in the
ledger and the cards. Each test that freezes or pauses gets its own customer
(a copy of Mary), so the other tests keep theirs.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assistant.bank.models import Card, FraudCase, PaymentPause, PaymentRequest

pytestmark = pytest.mark.e2e

# Three phrasings a family, typed and as speech recognition hands them over.
STORIES = {
    "safe_account": [
        "A man from the police told me to move my savings to a safe account",
        "the bank security team called and said my money is not safe",
        "um a detective rang and wants me to transfer everything to a new account",
    ],
    "tech_support": [
        "Microsoft says my computer has a virus",
        "a man phoned saying my laptop is infected and he can fix it",
        "er there is a pop up saying call this number my computer is hacked",
    ],
    "family_emergency": [
        "My grandson called from a new number and needs money for bail",
        "a text from my daughter says she lost her phone and needs money for a bill",
        "um my granddaughter is in hospital abroad and needs me to send money",
    ],
    "romance": [
        "A man I met online needs money for a plane ticket",
        "my friend from the dating site is stuck at the airport and needs money",
        "um my online boyfriend wants me to pay his customs fee",
    ],
    "prize_fee": [
        "I won the lottery but I have to pay a fee first",
        "they say I won a prize and must pay the taxes before they send it",
        "um a letter says i am a winner and need to pay a release fee",
    ],
    "investment": [
        "Someone offered me an investment that cannot lose",
        "a man says I will double my money with bitcoin",
        "um they promise a guaranteed return on my pension",
    ],
    "gift_cards": [
        "The tax office wants me to pay in gift cards",
        "a man told me to buy itunes cards and read him the numbers",
        "um the caller said pay with google play cards or i will be arrested",
    ],
    "courier": [
        "The bank is sending a courier to collect my card",
        "a man is coming round to pick up my cash",
        "um the police said a courier will collect my card and pin",
    ],
    "remote_access": [
        "He asked me to download anydesk",
        "the caller wants me to share my screen",
        "um someone asked me to install teamviewer on my computer",
    ],
}
WARNINGS = {
    "safe_account": "Real police and bank staff never ask you to move your money.",
    "tech_support": "Real computer companies never call you about a virus",
    "family_emergency": "Scammers pretend to be family in trouble.",
    "romance": "Someone you have only met online should never ask you for money.",
    "prize_fee": "You never have to pay to get a real prize.",
    "investment": "Nobody can promise that an investment cannot lose.",
    "gift_cards": "No real company or office asks to be paid in gift cards or crypto.",
    "courier": "Your bank and the police never send anyone to collect your card",
    "remote_access": "Never let a caller into your computer or phone.",
}
LOOKALIKES = [
    "my grandson helps me with this",
    "I won at bingo last week, put it in savings",
    "send 20 dollars to my daughter",
]


def _cases(assistant, customer_id):
    with assistant.db.session() as session:
        return session.scalar(
            select(func.count()).select_from(FraudCase).where(FraudCase.customer_id == customer_id)
        )


@pytest.mark.parametrize("family", sorted(STORIES))
def test_each_scam_family_is_answered_with_its_warning(assistant, victim, family):
    customer_id, customer = victim
    for text in STORIES[family]:
        customer.say(text)
        assert WARNINGS[family] in customer.text(), (text, customer.text())
        titles = [b["title"] for r in customer.last for b in r.get("buttons", [])]
        assert titles == ["Take the 1-minute lesson", "Call me back", "Freeze my card"]
    assert _cases(assistant, customer_id) == 0, "a story opens no fraud case"
    with assistant.db.session() as session:
        card = session.scalar(select(Card).where(Card.customer_id == customer_id))
        assert card.status == "active"


@pytest.mark.parametrize("text", LOOKALIKES)
def test_ordinary_look_alikes_are_not_warned(assistant, victim, text):
    _, customer = victim
    customer.say(text)
    assert "scam" not in customer.text().lower()
    assert "paused" not in customer.text().lower()


def test_the_issue_conversation(assistant, victim):
    """Two stories, then a payment: no case, and the read-back itself says why it is paused."""
    customer_id, customer = victim
    before = assistant.balance(customer_id)
    customer.say(
        "a man from the police told me to move my savings to a safe account and not tell anyone"
    )
    assert customer.text().startswith("Real police and bank staff never ask you to move")
    customer.say("My grandson called from a new number and needs money for bail")
    assert customer.text().startswith("This is another scam story")
    assert _cases(assistant, customer_id) == 0
    customer.say("send 900 dollars to my daughter")
    text = customer.text()
    assert "Pay $900.00 to Alice Wong." in text
    assert "I have paused this payment to keep you safe." in text
    assert "Shall I send it?" not in text
    titles = [b["title"] for r in customer.last for b in r.get("buttons", [])]
    assert "Yes, send it" not in titles and "Send it anyway" in titles
    customer.say("yes")
    assert customer.text().startswith("I have paused this payment")
    assert assistant.balance(customer_id) == before


def test_ive_been_scammed_runs_the_first_hour_response(assistant, victim):
    customer_id, customer = victim
    before = assistant.balance(customer_id)
    customer.say("send 40 dollars to my daughter")
    assert "Pay $40.00 to Alice Wong." in customer.text()
    customer.say("I've been scammed")
    assert "Shall I protect your accounts now?" in customer.text()
    assert _cases(assistant, customer_id) == 0, "nothing before the yes"
    customer.say("yes")  # answers the last question, not the read-back before it
    text = customer.text()
    assert "One. I froze your card ending" in text
    assert "Two. I cancelled 1 payment that had not gone yet." in text
    assert "Three. I paused new payments from your accounts for 24 hours." in text
    assert "Four. I opened case FR-" in text
    assert "Five. Someone from our fraud team will call you" in text
    with assistant.db.session() as session:
        assert (
            session.scalar(select(Card.status).where(Card.customer_id == customer_id)) == "frozen"
        )
        statuses = set(
            session.scalars(
                select(PaymentRequest.status).where(PaymentRequest.customer_id == customer_id)
            )
        )
        assert statuses == {"cancelled"}
        assert (
            session.scalar(
                select(func.count())
                .select_from(PaymentPause)
                .where(PaymentPause.customer_id == customer_id)
            )
            == 1
        )
    customer.say("yes")  # the old read-back's yes: nothing is waiting any more
    assert assistant.balance(customer_id) == before
    customer.say("send 40 dollars to my daughter")
    assert "because a fraud was reported in this chat" in customer.text()
    customer.say("I want to report fraud")
    customer.say("yes")
    assert "I added this to your open case" in customer.text()
    assert _cases(assistant, customer_id) == 1
    customer.say("what have you done?")
    done = customer.text()
    assert done.startswith("Here is what I have done in this conversation:")
    assert "I froze your card ending" in done and "I opened case FR-" in done
    assert assistant.balance(customer_id) == before


def test_spoken_story_and_spoken_ive_been_scammed(assistant, victim, tmp_path):
    """Real speech: espeak-ng into /api/voice, the recogniser, Rasa, the actions."""
    from tests.e2e.voice_turns import speak_to

    customer_id, customer = victim
    body = speak_to(
        assistant, customer, "microsoft called me and said my computer has a virus", tmp_path
    )
    assert "Real computer companies never call you about a virus" in customer.text(), body[
        "transcript"
    ]
    assert _cases(assistant, customer_id) == 0
    body = speak_to(assistant, customer, "i have been scammed", tmp_path)
    assert "Shall I protect your accounts now?" in customer.text(), body["transcript"]
    body = speak_to(assistant, customer, "yes", tmp_path)
    assert "One. I froze your card ending" in customer.text(), body["transcript"]
    assert _cases(assistant, customer_id) == 1
