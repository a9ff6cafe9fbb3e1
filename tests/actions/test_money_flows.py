"""Transfer form, read-back and the rules for yes, no and cancel."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.context import SOMETHING_WENT_WRONG
from actions.money.confirm import ActionCancel, ActionHandleAffirm, ActionHandleDeny
from actions.money.deposits import ActionPrepareDeposit
from actions.money.transfer import ActionPrepareTransfer, ValidateTransferForm
from tests.support import after_read_back, bind, make_tracker, run_action, slot_values

DOMAIN = {
    "forms": {"transfer_form": {"required_slots": ["transfer_payee", "amount", "from_account"]}}
}


def run(action, tracker, domain=None):
    messages, events = run_action(action, tracker, domain)
    return [m.get("text") for m in messages], events


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary", "demo")
    return "s-mary"


def amount_entity(value, currency="USD"):
    return {"entity": "amount", "value": value, "currency": currency,
            "additional_info": {"amount": str(value), "currency": currency}}  # fmt: skip


def test_form_fills_payee_amount_and_default_account_from_one_sentence(mary):
    tracker = make_tracker(
        mary, "send 50 dollars to my daughter", "transfer_money", entities=[amount_entity(50)]
    )
    _, events = run(ValidateTransferForm(), tracker, DOMAIN)
    assert slot_values(events) == {
        "transfer_payee": "Alice Wong",
        "amount": "50",
        "from_account": "current",
    }


def test_unknown_payee_is_refused_with_the_saved_list(mary):
    tracker = make_tracker(mary, "Bob Smith", "inform", requested_slot="transfer_payee")
    texts, events = run(ValidateTransferForm(), tracker, DOMAIN)
    assert slot_values(events)["transfer_payee"] is None
    assert texts[0].startswith("I can only send money to your saved payees: Alice Wong")


def test_other_currency_is_asked_again(mary):
    tracker = make_tracker(
        mary, "20 euros", "inform", entities=[amount_entity(20, "EUR")], requested_slot="amount",
        slots={"transfer_payee": "Alice Wong"},
    )  # fmt: skip
    texts, events = run(ValidateTransferForm(), tracker, DOMAIN)
    assert slot_values(events)["amount"] is None
    assert texts == ["I can only send money in USD here. Please say the amount in USD."]


def _read_back(mary, amount="50"):
    tracker = make_tracker(
        mary, "", "transfer_money",
        slots={"transfer_payee": "Alice Wong", "amount": amount, "from_account": "current"},
    )  # fmt: skip
    texts, events = run(ActionPrepareTransfer(), tracker)
    return texts, slot_values(events)


def test_read_back_then_yes_sends_once(mary, services):
    before = services.ledger.accounts("demo", kind="current")[0].balance_minor
    texts, set_slots = _read_back(mary)
    assert texts == [
        "Please check this payment.\nPay $50.00 to Alice Wong.\n"
        "The money comes from your Current account ending 4821.\nShall I send it?"
    ]
    request_id = set_slots["pending_request"]
    assert set_slots["transfer_payee"] is None and set_slots["amount"] is None

    texts, events = run(ActionHandleAffirm(), after_read_back(mary, "yes", "affirm", request_id))
    assert texts[0].startswith("Done. I sent $50.00 to Alice Wong.")
    assert slot_values(events) == {"pending_request": None}
    after = services.ledger.accounts("demo", kind="current")[0].balance_minor
    assert after == before - 5_000

    # The same yes again, even with the old request id still in the slot.
    texts, _ = run(ActionHandleAffirm(), after_read_back(mary, "yes", "affirm", request_id))
    assert texts == ["That payment is no longer waiting, so I did not send it. "
                     "Please start again if you still want it."]  # fmt: skip
    assert services.ledger.accounts("demo", kind="current")[0].balance_minor == after


def test_unsure_yes_is_asked_again(mary, services):
    _, set_slots = _read_back(mary)
    tracker = after_read_back(mary, "yeah ok", "affirm", set_slots["pending_request"], 0.6)
    texts, events = run(ActionHandleAffirm(), tracker)
    assert texts[0] == "I want to be sure."
    assert texts[1].startswith("Please check this payment.")
    assert events == []
    assert services.payments.pending("demo", set_slots["pending_request"]) is not None


def test_stale_yes_reads_back_again(mary, services):
    _, set_slots = _read_back(mary)
    events = [
        {"event": "action", "name": "action_prepare_transfer"},
        {"event": "user", "text": "what is my balance"},
        {"event": "action", "name": "action_check_balance"},
        {"event": "user", "text": "yes"},
    ]
    tracker = make_tracker(
        mary, "yes", "affirm", slots={"pending_request": set_slots["pending_request"]},
        events=events,
    )  # fmt: skip
    texts, _ = run(ActionHandleAffirm(), tracker)
    assert texts[0].startswith("Please check this payment.")
    assert services.payments.pending("demo", set_slots["pending_request"]) is not None


def test_no_and_cancel_move_nothing(mary, services):
    before = services.ledger.accounts("demo", kind="current")[0].balance_minor
    _, set_slots = _read_back(mary)
    texts, events = run(
        ActionHandleDeny(), after_read_back(mary, "no", "deny", set_slots["pending_request"])
    )
    assert texts == ["Okay. I have not sent anything."]
    assert services.payments.pending("demo", set_slots["pending_request"]) is None

    _, set_slots = _read_back(mary)
    tracker = make_tracker(
        mary, "cancel", "cancel", slots={"pending_request": set_slots["pending_request"]}
    )
    texts, events = run(ActionCancel(), tracker)
    assert texts == ["Okay, I have stopped that. Nothing was sent or changed."]
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert services.payments.pending("demo", set_slots["pending_request"]) is None
    assert services.ledger.accounts("demo", kind="current")[0].balance_minor == before


def test_too_much_is_refused_and_form_is_cleared(mary, services):
    texts, set_slots = _read_back(mary, amount="999999")
    assert texts == ["The most you can send in one payment here is $5,000.00."]
    assert "pending_request" not in set_slots and set_slots["amount"] is None


@pytest.mark.parametrize(
    ("action", "slots_set", "said"),
    [
        (ActionPrepareTransfer(), {"transfer_payee": "Nobody Known"}, "Nobody Known"),
        (ActionPrepareDeposit(), {"deposit_product": "NO-SUCH-TERM"}, "That deposit"),
    ],
)
def test_a_payee_or_product_gone_since_the_form_is_said_plainly(mary, action, slots_set, said):
    """A slot that no longer matches (a payee deleted meanwhile) is not "something went wrong"."""
    tracker = make_tracker(
        mary, "", "transfer_money", slots={**slots_set, "amount": "50", "from_account": "current"}
    )
    texts, events = run(action, tracker)
    assert len(texts) == 1 and said in texts[0]
    assert SOMETHING_WENT_WRONG not in texts
    assert all(value is None for value in slot_values(events).values())


@pytest.mark.parametrize("text", ["huh?", "what?", "eh?", "come again?"])
def test_asking_again_at_a_read_back_is_no_yes(mary, services, text):
    """ "huh?" was read as a yes ("uh huh", 0.92) and sent the money."""
    before = services.ledger.accounts("demo", kind="current")[0].balance_minor
    _, set_slots = _read_back(mary)
    request_id = set_slots["pending_request"]
    texts, events = run(ActionHandleAffirm(), after_read_back(mary, text, "affirm", request_id))
    assert texts == ["Shall I send it?"], "the read-back again, word for word"
    assert events == []
    assert services.ledger.accounts("demo", kind="current")[0].balance_minor == before
    assert services.payments.pending("demo", request_id) is not None


def test_a_yes_said_as_a_question_is_asked_again(mary, services):
    _, set_slots = _read_back(mary)
    request_id = set_slots["pending_request"]
    texts, _ = run(ActionHandleAffirm(), after_read_back(mary, "yes?", "affirm", request_id))
    assert texts[0] == "I want to be sure."
    assert services.payments.pending("demo", request_id) is not None


def test_what_not_understood_at_a_read_back_says_it_again(mary, services):
    """ "what?": repeat 0.36 against out_of_scope 0.34 is nlu_fallback; its best guess is repeat."""
    from actions.money.amend import ActionAnswerWithoutQuestion

    _, set_slots = _read_back(mary)
    tracker = after_read_back(mary, "what?", "nlu_fallback", set_slots["pending_request"], 0.25)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.25},
        {"name": "repeat", "confidence": 0.36},
        {"name": "out_of_scope", "confidence": 0.34},
    ]
    texts, events = run(ActionAnswerWithoutQuestion(), tracker)
    assert texts == ["Shall I send it?"]
    assert events == []


def test_a_message_not_understood_is_said_so(mary):
    """The fallback's own intent is read, not the runner-up rasa-sdk returns by default."""
    from actions.money.amend import ActionAnswerWithoutQuestion

    tracker = make_tracker(mary, "purple elephants", "nlu_fallback", confidence=0.25)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.25},
        {"name": "out_of_scope", "confidence": 0.2},
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerWithoutQuestion().run(dispatcher, tracker, {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


def test_asking_again_while_a_form_waits_leaves_the_question_to_the_form(mary):
    """The form asks its question again after any interruption; said here too, it came twice."""
    from rasa_sdk import Tracker

    from actions.conversation.conversation import ActionRepeat

    events = [
        {"event": "user", "text": "send money"},
        {"event": "bot", "text": "Who would you like to send money to?"},
        {"event": "user", "text": "huh?"},
    ]
    latest = {"text": "huh?", "intent": {"name": "repeat", "confidence": 0.97}}
    waiting = Tracker(mary, {}, latest, events, False, None, {"name": "transfer_form"}, "")
    assert run(ActionRepeat(), waiting) == ([], [])
    idle = Tracker(mary, {}, latest, events, False, None, {}, "")
    assert run(ActionRepeat(), idle)[0] == ["Who would you like to send money to?"]


def test_a_yes_after_huh_said_another_answer_again_is_stale(mary, services):
    """Read-back, then the balance, then "huh?" read as a yes (the balance again): a yes
    now was not given to the read-back and must not send."""
    _, set_slots = _read_back(mary)
    request_id = set_slots["pending_request"]
    events = [
        {"event": "user", "text": "send 50 dollars to my daughter"},
        {"event": "action", "name": "action_prepare_transfer"},
        {"event": "bot", "text": "Shall I send it?", "data": {"buttons": [{"payload": "/affirm"}]}},
        {"event": "user", "text": "what is my balance"},
        {"event": "action", "name": "action_check_balance"},
        {"event": "bot", "text": "Your Current account has $2,350.00."},
        {"event": "user", "text": "huh?", "parse_data": {"intent": {"name": "affirm"}}},
        {"event": "action", "name": "action_handle_affirm"},
        {"event": "bot", "text": "Your Current account has $2,350.00."},
        {"event": "user", "text": "yes"},
    ]
    tracker = make_tracker(
        mary, "yes", "affirm", slots={"pending_request": request_id}, events=events
    )
    texts, _ = run(ActionHandleAffirm(), tracker)
    assert texts[0].startswith("Please check this payment.")
    assert services.payments.pending("demo", request_id) is not None


MOVE_DOMAIN = {"forms": {"move_form": {"required_slots": ["amount", "from_account", "to_account"]}}}


def _move_read_back(mary):
    from actions.money.own_transfer import ActionPrepareMove

    tracker = make_tracker(
        mary, "", "move_money",
        slots={"amount": "100", "from_account": "current", "to_account": "savings"},
    )  # fmt: skip
    texts, events = run(ActionPrepareMove(), tracker)
    assert "Move $100.00 from your Current account ending 4821 to your Savings" in texts[0]
    return slot_values(events)["pending_request"]


@pytest.mark.parametrize(
    "said", ["no i meant from savings to checking", "no, out of the savings", "into checking"]
)
def test_a_correction_at_a_move_read_back_turns_it_round(mary, services, said):
    from actions.money.amend import ActionAnswerWithoutQuestion

    request_id = _move_read_back(mary)
    tracker = after_read_back(mary, said, "inform", request_id)
    texts, events = run(ActionAnswerWithoutQuestion(), tracker)
    assert texts[0] == "All right, I have changed it."
    assert "Move $100.00 from your Savings account ending" in texts[1]
    assert "to your Current account." in texts[1]
    fresh = slot_values(events)["pending_request"]
    assert fresh != request_id
    assert services.payments.pending("demo", request_id) is None  # the old one cannot be confirmed


def test_a_new_move_at_a_move_read_back_keeps_its_amount_and_cancels_the_old(mary, services):
    from actions.money.own_transfer import ValidateMoveForm

    request_id = _move_read_back(mary)
    said = "no i meant from savings to checking"
    tracker = after_read_back(mary, said, "move_money", request_id)
    _, events = run(ValidateMoveForm(), tracker, MOVE_DOMAIN)
    assert slot_values(events) == {
        "amount": "100.00",
        "from_account": "savings",
        "to_account": "current",
    }


def test_a_new_move_without_one_waiting_asks_the_amount(mary):
    from actions.money.own_transfer import ValidateMoveForm

    tracker = make_tracker(mary, "move money from savings to checking", "move_money")
    _, events = run(ValidateMoveForm(), tracker, MOVE_DOMAIN)
    assert slot_values(events) == {"from_account": "savings", "to_account": "current"}


def _answer_after_read_back(mary, text, intent="inform"):
    from actions.money.amend import ActionAnswerWithoutQuestion

    _, set_slots = _read_back(mary)
    request_id = set_slots["pending_request"]
    texts, events = run(
        ActionAnswerWithoutQuestion(), after_read_back(mary, text, intent, request_id)
    )
    return texts, events, request_id


@pytest.mark.parametrize("said", ["not alice, wei", "no not to my daughter", "wrong person"])
def test_refusing_the_payee_with_no_other_payee_named_sends_nothing(mary, services, said):
    texts, events, request_id = _answer_after_read_back(mary, said)
    assert texts[0] == "Okay. I have not sent anything to Alice Wong."
    assert texts[1].startswith("I can only send money to your saved payees: Alice Wong")
    assert services.payments.pending("demo", request_id) is None
    assert slot_values(events) == {"pending_request": None}


def test_refusing_the_payee_and_naming_another_saved_one_reads_back_to_them(mary, services, db):
    from assistant.bank.models import Payee

    with db.session() as session:
        session.add(
            Payee(customer_id="demo", name="Tom Baker", kind="person", relation="neighbour",
                  account_number="510012345678")
        )  # fmt: skip
    texts, events, request_id = _answer_after_read_back(mary, "not alice, tom")
    assert texts[0] == "All right, I have changed it."
    assert "Pay $50.00 to Tom Baker." in texts[1]
    assert services.payments.pending("demo", request_id) is None
    assert slot_values(events)["pending_request"] != request_id


def test_naming_the_same_payee_again_changes_nothing(mary, services):
    texts, _, request_id = _answer_after_read_back(mary, "yes alice is right")
    assert not any("not sent anything" in (t or "") for t in texts)
    assert services.payments.pending("demo", request_id) is not None
