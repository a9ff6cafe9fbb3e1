"""Actions run with a real Tracker and CollectingDispatcher on a real database."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.accounts.balance import ActionCheckBalance
from actions.accounts.history import ActionTransactionHistory
from actions.cards.cards import ActionFreezeCard, ActionReportLostCard, ActionUnfreezeCard
from actions.context import NOT_LOGGED_IN
from actions.conversation.support import ActionChangePin, ActionHumanHandoff
from actions.money.bills import ActionCheckBills
from actions.money.codes import ActionPaymentCode
from actions.places.branches import ActionFindBranch, ValidateBranchForm
from actions.protection.scams import ActionReportFraud
from assistant.bank.models import CallbackRequest, FraudCase
from assistant.bank.money import format_money
from assistant.errors import BankError
from tests.support import bind, make_tracker, say_yes


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return [m.get("text") for m in dispatcher.messages], dispatcher.messages, events


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary", "demo")
    return "s-mary"


@pytest.fixture
def stranger(db, services):
    bind(db, "s-anon", None)
    return "s-anon"


def test_balance_of_all_accounts_and_of_one(mary, services):
    current, savings = services.ledger.accounts("demo")
    texts, _, events = run(ActionCheckBalance(), make_tracker(mary, "what is my balance"))
    assert texts == [
        f"Your Current account ending 4821 has {format_money(current.balance_minor, 'USD')}.",
        f"Your Savings account ending 7730 has {format_money(savings.balance_minor, 'USD')}.",
    ]
    assert events == []
    texts, _, _ = run(ActionCheckBalance(), make_tracker(mary, "how much is in my savings"))
    assert texts == [
        f"Your Savings account ending 7730 has {format_money(savings.balance_minor, 'USD')}."
    ]


@pytest.mark.parametrize(
    "action",
    [ActionCheckBalance(), ActionTransactionHistory(), ActionFreezeCard(), ActionPaymentCode()],
)
def test_unbound_or_unknown_conversation_sees_no_account_data(stranger, action):
    for sender in (stranger, "never-bound"):
        texts, _, _ = run(action, make_tracker(sender, "what is my balance"))
        assert texts == [NOT_LOGGED_IN]


def test_history_by_category_and_period(mary):
    period = {"start": "2000-01-01", "end": "2100-01-01", "text": "ever"}
    tracker = make_tracker(
        mary,
        "how much did I spend on groceries",
        "transaction_history",
        entities=[{"entity": "period", "value": period}],
    )
    texts, _, _ = run(ActionTransactionHistory(), tracker)
    assert texts[0].startswith("Ever, you spent $") and "on groceries" in texts[0]
    assert texts[1].startswith("The 5 most recent:")
    assert all("out." in line for line in texts[1].splitlines()[1:])


def test_history_with_nothing_found(mary):
    period = {"start": "2001-01-01", "end": "2001-02-01", "text": "in January 2001"}
    tracker = make_tracker(
        mary, "what did I spend", entities=[{"entity": "period", "value": period}]
    )
    texts, _, _ = run(ActionTransactionHistory(), tracker)
    assert texts == ["I found no payments in January 2001."]


def test_bills_list_with_pay_buttons(mary):
    texts, messages, _ = run(ActionCheckBills(), make_tracker(mary, "what bills do i have"))
    assert texts[0].startswith("You have one bill to pay.\nCity Water: $")
    assert [b["title"] for b in messages[0]["buttons"]] == ["Pay City Water"]


def test_freeze_then_unfreeze_each_need_a_yes(mary, services):
    texts, messages, _ = run(ActionFreezeCard(), make_tracker(mary, "freeze my card"))
    assert texts == [
        "Shall I freeze your card ending 5309 now? No one will be able to pay with it."
    ]
    assert services.cards.cards("demo")[0].status == "active", "nothing changes before the yes"
    said, _ = say_yes(mary, "freeze my card", messages)
    assert said[0]["text"].startswith("Done. Your card ending 5309 is frozen.")
    assert services.cards.cards("demo")[0].status == "frozen"
    texts, messages, events = run(ActionUnfreezeCard(), make_tracker(mary, "unfreeze my card"))
    assert texts == ["Unfreeze your card ending 5309? It can be used for payments again."]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert services.cards.cards("demo")[0].status == "frozen", "nothing changes before the yes"
    said, _ = say_yes(mary, "unfreeze my card", messages)
    assert said[0]["text"] == "Done. Your card ending 5309 works again."
    assert services.cards.cards("demo")[0].status == "active"


def test_a_button_that_says_the_change_is_the_yes(mary, services):
    pressed = make_tracker(
        mary, "/freeze_card", "freeze_card", entities=[{"entity": "consent", "value": "yes"}]
    )
    texts, _, _ = run(ActionFreezeCard(), pressed)
    assert texts[0].startswith("Done. Your card ending 5309 is frozen.")


def test_lost_card_is_stopped_for_good_after_one_yes(mary, services, db):
    texts, messages, _ = run(ActionReportLostCard(), make_tracker(mary, "I lost my card"))
    assert texts[-1].startswith("I am sorry. Shall I stop your card ending 5309 now?")
    assert services.cards.cards("demo")[0].status == "active"
    said, _ = say_yes(mary, "I lost my card", messages, "yes please")
    assert said[0]["text"].startswith("I have stopped your card ending 5309.")
    assert services.cards.cards("demo")[0].status == "lost"
    texts, _, _ = run(ActionUnfreezeCard(), make_tracker(mary, "can I use my card again"))
    assert texts == [
        "Your card ending 5309 is stopped because you reported it lost. "
        "It cannot be turned back on. A new card is on its way to you."
    ]


def test_a_card_frozen_for_fraud_is_not_turned_on_by_the_customer(mary, services, db):
    asked = "there is a payment I did not make"
    _, messages, _ = run(ActionReportFraud(), make_tracker(mary, asked))
    say_yes(mary, asked, messages)
    texts, _, events = run(ActionUnfreezeCard(), make_tracker(mary, "unfreeze my card"))
    assert "frozen because fraud was reported" in texts[0]
    assert events == []  # nothing waits for a yes
    card = services.cards.cards("demo")[0]
    with pytest.raises(BankError, match="fraud team"):
        services.cards.set_status("demo", card.id, "active", "customer asked in chat")


def test_a_question_about_the_card_changes_nothing(mary, services):
    texts, _, _ = run(ActionFreezeCard(), make_tracker(mary, "is my card frozen"))
    assert texts == ["Your card ending 5309 is working. It is not frozen.\nShall I freeze it now?"]
    assert services.cards.cards("demo")[0].status == "active"


def _report_fraud_and_say_yes(sender: str, text: str) -> list[str]:
    _, messages, _ = run(ActionReportFraud(), make_tracker(sender, text))
    said, _ = say_yes(sender, text, messages)
    return [m["text"] for m in said]


def test_fraud_reply_mentions_a_contact_only_when_there_was_one(mary):
    texts = _report_fraud_and_say_yes(mary, "a payment I did not make")
    assert "the person who contacted you" not in texts[0]
    texts = _report_fraud_and_say_yes(mary, "a man phoned me, it is fraud")
    assert "Do not send any more money to the person who contacted you." in texts[0]


def test_fraud_report_asks_then_freezes_cards_opens_case_and_call_back(mary, services, db):
    texts, _, _ = run(ActionReportFraud(), make_tracker(mary, "I think I've been scammed"))
    assert texts[0].startswith("I am sorry. Shall I protect your accounts now?")
    assert services.cards.cards("demo")[0].status == "active", "nothing before the yes"
    texts = _report_fraud_and_say_yes(mary, "I think I've been scammed")
    with db.session() as session:
        case = session.query(FraudCase).filter_by(customer_id="demo").one()
        callback = session.query(CallbackRequest).filter_by(customer_id="demo").one()
    assert callback.topic == "fraud"
    assert f"I opened case {case.case_number}." in texts[0]
    assert services.cards.cards("demo")[0].status == "frozen"


def test_change_pin_never_takes_a_pin(mary):
    texts, _, _ = run(ActionChangePin(), make_tracker(mary, "change my pin to 4321"))
    assert texts[0] == "Please never type your PIN here, or tell it to anyone. Not even to us."
    assert "cannot change your PIN in a chat" in texts[1]


def test_handoff_stores_a_call_back(mary, db):
    tracker = make_tracker(mary, "/human_handoff", entities=[{"entity": "topic", "value": "loan"}])
    texts, _, _ = run(ActionHumanHandoff(), tracker)
    assert "on your number ending 42" in texts[0]
    with db.session() as session:
        assert (
            session.query(CallbackRequest).filter_by(customer_id="demo", topic="loan").count() == 1
        )


def test_payment_code_is_made_on_a_yes_and_kept_until_renewed(mary):
    asked, messages, _ = run(ActionPaymentCode(), make_tracker(mary, "show my payment code"))
    assert asked[0].startswith("Shall I make you a new payment code now?")
    first = [m["text"] for m in say_yes(mary, "show my payment code", messages)[0]]
    again, _, _ = run(ActionPaymentCode(), make_tracker(mary, "show my payment code"))
    assert first[0].startswith("Your new payment code is PAY-")
    assert again[0] == first[0].replace("Your new payment", "Your payment")
    new = make_tracker(
        mary,
        '/payment_code{"renew": "yes", "consent": "yes"}',
        "payment_code",
        entities=[{"entity": "renew", "value": "yes"}, {"entity": "consent", "value": "yes"}],
    )
    renewed, _, _ = run(ActionPaymentCode(), new)
    assert renewed[0].startswith("Your new payment code is PAY-") and renewed[0] != first[0]


def test_branch_town_is_matched_with_small_slips(services):
    form = ValidateBranchForm()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("any", "i am in rivreside", requested_slot="town")
    assert asyncio.run(form.extract_town(dispatcher, tracker, {})) == {"town": "Riverside"}
    tracker = make_tracker("any", "", slots={"town": "Riverside"})
    texts, _, events = run(ActionFindBranch(), tracker)
    assert texts[0].startswith("In Riverside we have:") and "40 River Road" in texts[0]
    assert events == [{"event": "slot", "timestamp": None, "name": "town", "value": None}]


def test_repeat_after_louder_says_the_last_real_answer():
    from actions.conversation.conversation import last_answer

    events = [
        {"event": "user", "text": "what is my balance"},
        {"event": "action", "name": "action_check_balance"},
        {"event": "bot", "text": "Your Current account ending 4821 has $2,400.00."},
        {"event": "user", "text": "louder"},
        {"event": "action", "name": "action_adjust_voice"},
        {"event": "bot", "text": "I will speak louder."},
        {"event": "user", "text": "repeat"},
    ]
    assert [e["text"] for e in last_answer(events)] == [
        "Your Current account ending 4821 has $2,400.00."
    ]
