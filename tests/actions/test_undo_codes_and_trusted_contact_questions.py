"""Saying "undo" after something done, the trusted contact asked about, a till
code's follow-ups. Real Tracker, CollectingDispatcher and database, no Rasa."""

from __future__ import annotations

import pytest

from actions.classroom.lessons import ActionLessonBack
from actions.conversation.out_of_scope import ActionOutOfScope
from actions.money.already_done import MOVE_IT_BACK, NOTHING_IN_PROGRESS
from actions.money.amend import ActionAnswerWithoutQuestion
from actions.money.codes import ActionPaymentCode
from actions.money.confirm import ActionCancel, ActionHandleAffirm
from actions.protection.trusted_contact import ActionAskTrustedContact, contacts
from tests.support import bind, make_tracker, say_yes, slot_values
from tests.support import run_action as run


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.fixture
def li(db, services):
    bind(db, "s-li7", "li")
    return "s-li7"


@pytest.fixture
def robert(db, services):
    bind(db, "s-rob7", "robert")
    return "s-rob7"


def balances(services, customer_id):
    return {a.kind: a.balance_minor for a in services.ledger.accounts(customer_id)}


def after(sender, previous_action, said, intent, request_id=None, bot_text="Done."):
    """A tracker whose latest message `said` follows the answer of `previous_action`;
    `request_id` was the request that answer carried out (its slot set, then emptied)."""
    events = []
    if request_id:
        events.append({"event": "slot", "name": "pending_request", "value": request_id})
    events += [
        {"event": "user", "text": "yes"},
        {"event": "action", "name": previous_action},
        {"event": "bot", "text": bot_text},
        {"event": "slot", "name": "pending_request", "value": None},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": said},
    ]
    return make_tracker(sender, said, intent, events=events)


def move_done(services, customer_id, source="savings", target="current", minor=25_000):
    svc = services.payments
    ids = {a.kind: a.id for a in services.ledger.accounts(customer_id)}
    preview = svc.prepare_own_transfer(
        customer_id, from_account_id=ids[source], to_account_id=ids[target],
        amount_minor=minor, currency="USD",
    )  # fmt: skip
    svc.confirm(customer_id, preview.request_id)
    return preview.request_id


# -- 1. undo after something done -------------------------------------------------


def test_cancel_with_nothing_in_progress_says_so(li):
    messages, events = run(ActionCancel(), make_tracker(li, "cancel", "cancel"))
    assert texts(messages) == NOTHING_IN_PROGRESS
    assert slot_values(events)["pending_request"] is None


def test_undo_after_a_move_says_it_is_done_and_offers_the_reverse_as_a_button(li, services):
    request_id = move_done(services, "li")
    before = balances(services, "li")
    tracker = after(li, "action_handle_affirm", "undo that", "cancel", request_id)
    messages, _ = run(ActionCancel(), tracker)
    assert "already done" in texts(messages) and "cannot undo" in texts(messages)
    assert "Nothing was sent or changed" not in texts(messages)
    [back] = messages[0]["buttons"]
    assert back["title"] == MOVE_IT_BACK
    # The button starts an ordinary move the other way, which is read back for a yes.
    assert back["payload"].startswith("/move_money{")
    assert '"from_account":"current"' in back["payload"].replace(" ", "")
    assert '"to_account":"savings"' in back["payload"].replace(" ", "")
    assert '"amount":"250' in back["payload"].replace(" ", "")
    assert balances(services, "li") == before, "nothing moves without a read-back and a yes"


def test_undo_after_a_payment_says_it_is_sent_and_offers_a_person(li, services):
    payee = services.payees.payees("li")[0]
    ids = {a.kind: a.id for a in services.ledger.accounts("li")}
    preview = services.payments.prepare_transfer(
        "li", payee_id=payee.id, from_account_id=ids["current"], amount_minor=500, currency="USD"
    )
    services.payments.confirm("li", preview.request_id)
    tracker = after(li, "action_handle_affirm", "undo that", "cancel", preview.request_id)
    messages, _ = run(ActionCancel(), tracker)
    assert "already sent" in texts(messages)
    assert [b["title"] for b in messages[0]["buttons"]] == ["Talk to a person"]


def test_a_cancel_long_after_a_move_is_not_told_about_it(li, services):
    request_id = move_done(services, "li")
    tracker = after(li, "action_check_balance", "cancel", "cancel", request_id)
    messages, _ = run(ActionCancel(), tracker)
    assert texts(messages) == NOTHING_IN_PROGRESS


@pytest.mark.parametrize(
    ("action", "said", "intent"),
    [
        (ActionLessonBack(), "move it back", "lesson_back"),
        (ActionOutOfScope(), "put it back in checking", "out_of_scope"),
        (ActionAnswerWithoutQuestion(), "can you send it back", "nlu_fallback"),
    ],
)
def test_move_it_back_after_a_move_reads_back_the_reverse_move(li, services, action, said, intent):
    request_id = move_done(services, "li")
    before = balances(services, "li")
    messages, events = run(action, after(li, "action_handle_affirm", said, intent, request_id))
    # The everyday account is "Current" or "Checking" by the locale of the settings.
    assert "ending 2209 to your Savings account." in texts(messages)
    assert "Move $250.00 from your" in texts(messages)
    assert "Shall I move it?" in texts(messages)
    waiting = slot_values(events)["pending_request"]
    assert services.payments.pending("li", waiting).kind == "own_transfer"
    assert balances(services, "li") == before, "read back only, waiting for a yes"
    # The yes right after that read-back moves it back, once.
    yes = make_tracker(
        li, "yes", "affirm", slots={"pending_request": waiting},
        events=[
            {"event": "user", "text": said},
            {"event": "action", "name": action.name()},
            {"event": "bot", "text": texts(messages),
             "data": {"buttons": messages[-1].get("buttons")}},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "yes"},
        ],
    )  # fmt: skip
    messages, _ = run(ActionHandleAffirm(), yes)
    assert texts(messages).startswith("Done. I moved $250.00 to your Savings account.")
    after_back = balances(services, "li")
    assert after_back["savings"] == before["savings"] + 25_000
    assert after_back["current"] == before["current"] - 25_000


def test_move_it_back_with_no_move_just_done_is_no_move(li, services):
    tracker = after(li, "action_check_balance", "move it back", "lesson_back")
    messages, events = run(ActionLessonBack(), tracker)
    assert "Move $" not in texts(messages)


# -- 3. till code follow-ups (the cancel of a code here too) ----------------------


def code_then(sender, services, said, intent="nlu_fallback"):
    pressed = make_tracker(
        sender, '/payment_code{"consent": "yes"}', "payment_code",
        entities=[{"entity": "consent", "value": "yes"}],
    )  # fmt: skip
    first, _ = run(ActionPaymentCode(), pressed)
    return first, make_tracker(
        sender, said, intent,
        events=[
            {"event": "user", "text": "a code for the shop"},
            {"event": "action", "name": "action_payment_code"},
            {"event": "bot", "text": texts(first)},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": said},
        ],
    )  # fmt: skip


def test_cancel_after_a_code_says_it_cannot_be_and_how_long_it_lasts(robert, services):
    _, tracker = code_then(robert, services, "i dont want a code anymore, cancel it", "cancel")
    messages, _ = run(ActionCancel(), tracker)
    minutes = services.settings.payment_code_minutes
    assert "cannot be cancelled" in texts(messages)
    assert f"{minutes} minutes" in texts(messages)


def test_another_one_after_a_code_asks_then_gives_a_new_one(robert, services):
    first, tracker = code_then(robert, services, "another one")
    old = services.codes.current("robert").reference
    asked, _ = run(ActionAnswerWithoutQuestion(), tracker)
    assert texts(asked).startswith("Shall I make you a new payment code now?")
    assert services.codes.current("robert").reference == old
    messages, _ = say_yes(robert, "another one", asked)
    new = services.codes.current("robert").reference
    assert new != old
    assert texts(messages).startswith(f"Your new payment code is {new}.")


def test_what_is_that_for_after_a_code_explains_it(robert, services):
    _, tracker = code_then(robert, services, "what is that for")
    code = services.codes.current("robert")
    messages, _ = run(ActionAnswerWithoutQuestion(), tracker)
    assert "till scans" in texts(messages)
    assert code.account_last4 in texts(messages)
    assert code.reference not in texts(messages)
    assert services.codes.current("robert") == code, "no new code"


@pytest.mark.parametrize("said", ["its not working", "the shop says it doesnt work"])
def test_a_code_not_working_offers_a_new_code_and_a_person(robert, services, said):
    _, tracker = code_then(robert, services, said, "out_of_scope")
    messages, _ = run(ActionOutOfScope(), tracker)
    assert [b["title"] for b in messages[0]["buttons"]] == ["Get a new code", "Talk to a person"]


def test_another_one_with_no_code_before_is_no_code(robert, services):
    messages, _ = run(
        ActionAnswerWithoutQuestion(), make_tracker(robert, "another one", "nlu_fallback")
    )
    assert "payment code" not in texts(messages).lower()


# -- 2. the trusted contact ----------------------------------------------------


def ask(sender, said):
    messages, _ = run(ActionAskTrustedContact(), make_tracker(sender, said, "ask_trusted_contact"))
    return texts(messages)


@pytest.mark.parametrize("said", ["who is my trusted contact", "my trusted contact"])
def test_who_is_my_trusted_contact_names_them(robert, said):
    contacts().set("robert", "Daniel", "@daniel:example.org")
    before = contacts().outbox("matrix")
    assert ask(robert, said).startswith("Your trusted contact is Daniel.")
    assert contacts().outbox("matrix") == before, "a question sends them nothing"


def test_who_is_my_trusted_contact_with_none_says_how_one_is_named(robert):
    answer = ask(robert, "who is my trusted contact")
    assert answer.startswith("You have no trusted contact.")
    assert "555 0100 000" in answer and "branch" in answer


def test_asking_to_name_one_says_how(robert):
    contacts().set("robert", "Daniel", "@daniel:example.org")
    answer = ask(robert, "i want my son to be my trusted contact")
    assert answer.startswith("Your trusted contact now is Daniel.")
    assert "555 0100 000" in answer
    assert contacts().contact("robert").name == "Daniel", "nothing changed in the chat"


@pytest.mark.parametrize("said", ["tell my daughter", "let my daughter know"])
def test_tell_my_daughter_with_nothing_paused_says_what_it_is_for(robert, said):
    contacts().set("robert", "Daniel", "@daniel:example.org")
    before = contacts().outbox("matrix")
    answer = ask(robert, said)
    assert "paused" in answer and "nothing to tell Daniel" in answer
    assert contacts().outbox("matrix") == before, "nothing sent"


def test_undo_heard_as_out_of_scope_after_a_move_prepares_nothing(li, services):
    request_id = move_done(services, "li")
    tracker = after(li, "action_handle_affirm", "undo that", "out_of_scope", request_id)
    messages, events = run(ActionOutOfScope(), tracker)
    assert "Move $" not in texts(messages)
    assert "pending_request" not in slot_values(events)


def test_cancel_between_lesson_steps_stops_the_lesson(li):
    tracker = make_tracker(li, "stop", "cancel", slots={"lesson_stage": "step"})
    messages, events = run(ActionCancel(), tracker)
    assert texts(messages).startswith("Okay, we have stopped the lesson.")
    assert slot_values(events)["lesson_stage"] == "none"
