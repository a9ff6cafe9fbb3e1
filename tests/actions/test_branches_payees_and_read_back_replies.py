"""Branches asked about by town and day, payees named or not, a bill wanted after all, and
"go back" or a lone letter at a read-back. Real Tracker, CollectingDispatcher and
database, no Rasa."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.classroom.lessons import ActionLessonBack
from actions.conversation.conversation import WHAT_I_CAN_DO
from actions.conversation.followups import follow_up
from actions.money.amend import ActionAnswerWithoutQuestion
from actions.money.confirm import ActionHandleAffirm, ActionHandleDeny
from actions.places.branches import ActionAskTown, ActionFindBranch, ValidateBranchForm
from actions.places.opening_hours import asks_about_hours
from actions.replies import money
from nlu.payment_words import wants_it_after_all
from tests.support import after_read_back, bind, make_tracker, run_action, slot_values


def run(action, tracker):
    messages, events = run_action(action, tracker)
    return [m.get("text") or "" for m in messages], events


def extract_town(tracker):
    dispatcher = CollectingDispatcher()
    found = asyncio.run(ValidateBranchForm().extract_town(dispatcher, tracker, {}))
    return [m.get("text") or "" for m in dispatcher.messages], found


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary6", "demo")
    return "s-mary6"


@pytest.fixture
def li(db, services):
    bind(db, "s-li6", "li")
    return "s-li6"


# -- 1. branches ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "asks"),
    [
        ("what time does it open on saturday", True),
        ("is it open saterday", True),
        ("opening hours please", True),
        ("springfield", False),
        ("the one near the station", False),
    ],
)
def test_a_question_about_hours_is_told_from_a_town(said, asks):
    assert asks_about_hours(said) is asks


def test_hours_asked_at_the_town_question_is_taken_and_asked_about_once(services):
    tracker = make_tracker("s-b1", "what time does it open on saturday", requested_slot="town")
    texts, found = extract_town(tracker)
    # A value for the slot, so the form does not reject the turn (no "Thank you ..."
    # from the rules), and no "we have no branch there".
    assert found == {"town": None}
    assert texts == []
    texts, _ = run(ActionAskTown(), tracker)
    assert texts == ["Which town's branch would you like?"]


def test_a_town_not_known_at_the_town_question_is_still_refused(services):
    tracker = make_tracker("s-b2", "timbuktu", requested_slot="town")
    texts, found = extract_town(tracker)
    assert found == {}
    assert texts[0].startswith("Sorry, we have no branch there.")


def _found_branch(sender, request, *answers, town):
    events = [
        {"event": "user", "text": request, "parse_data": {"intent": {"name": "find_branch"}}},
        {"event": "action", "name": "branch_form"},
        {"event": "active_loop", "name": "branch_form"},
    ]
    for answer in answers:
        events += [{"event": "action", "name": "action_listen"}, {"event": "user", "text": answer}]
    return make_tracker(sender, (answers or (request,))[-1], slots={"town": town}, events=events)


def test_a_day_asked_with_the_branch_is_answered_first(services):
    tracker = _found_branch("s-b3", "is the riverside branch open on sunday", town="Riverside")
    texts, _ = run(ActionFindBranch(), tracker)
    assert texts == [
        "Riverside Branch is closed on Sunday. It is open Monday to Friday 9am-4:30pm."
    ]


def test_a_day_asked_before_the_town_is_answered_when_the_town_comes(services):
    tracker = _found_branch(
        "s-b4", "wheres the nearest branch", "what time does it open on saturday", "oakville",
        town="Oakville",
    )  # fmt: skip
    texts, _ = run(ActionFindBranch(), tracker)
    assert texts == ["Yes. On Saturday, Oakville Branch is open 10am-1pm."]


def test_no_day_asked_lists_the_towns_places(services):
    tracker = _found_branch("s-b5", "where is your branch in oakville", town="Oakville")
    texts, _ = run(ActionFindBranch(), tracker)
    assert texts[0].startswith("In Oakville we have:")


def test_and_is_there_one_in_another_town_lists_that_towns_places(services):
    events = [
        {"event": "user", "text": "opening hours for the Oakville branch"},
        {"event": "action", "name": "action_find_branch"},
        {"event": "slot", "name": "town", "value": "Oakville"},
        {"event": "slot", "name": "town", "value": None},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "and is there one in Springfield"},
    ]
    tracker = make_tracker("s-b6", "and is there one in Springfield", events=events)
    dispatcher = CollectingDispatcher()
    found = follow_up(tracker, dispatcher)
    assert found is not None
    (message,) = dispatcher.messages
    assert message["text"].startswith("In Springfield we have:")
    # The next "is it open on saturday" follows Springfield; the slot is left empty.
    assert [e["value"] for e in found] == ["Springfield", None]


# -- 2. a payee named at a money guess -------------------------------------------


def _money_guess(sender, text, **kwargs):
    tracker = make_tracker(sender, text, "nlu_fallback", confidence=0.8, **kwargs)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.8},
        {"name": "transfer_money", "confidence": 0.5},
    ]
    return tracker


def test_a_money_guess_naming_no_saved_payee_says_who_can_be_paid(li):
    texts, events = run(ActionAnswerWithoutQuestion(), _money_guess(li, "send it to alice"))
    (said,) = texts
    assert said.startswith("I can only send money to your saved payees:") and "Wei Zhang" in said
    assert "Do you want to send money" not in said
    assert events == []


def test_a_money_guess_naming_a_saved_payee_is_still_asked_about(li):
    texts, _ = run(ActionAnswerWithoutQuestion(), _money_guess(li, "sned 20 to wei"))
    assert texts == ["Do you want to send money?"]


# -- 3. yes after no to a bill -----------------------------------------------------


def _bill_read_back(services, customer_id):
    bill = services.payees.due_bills(customer_id)[0]
    account = services.ledger.accounts(customer_id, kind="current")[0]
    return services.payments.prepare_bill(customer_id, bill_id=bill.id, from_account_id=account.id)


def test_yes_right_after_no_reads_the_bill_back_afresh_and_sends_nothing(li, services):
    preview = _bill_read_back(services, "li")
    before = services.ledger.accounts("li", kind="current")[0].balance_minor
    read_back = [
        {"event": "user", "text": "pay my electric please"},
        {"event": "action", "name": "action_prepare_bill_payment"},
        {"event": "slot", "name": "pending_request", "value": preview.request_id},
        {"event": "bot", "text": "Shall I send it?"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "no"},
    ]
    no = make_tracker(
        li, "no", "deny", slots={"pending_request": preview.request_id}, events=read_back
    )
    texts, events = run(ActionHandleDeny(), no)
    assert texts == ["Okay. I have not sent anything."]
    after_no = [
        *read_back,
        {"event": "action", "name": "action_handle_deny"},
        {"event": "bot", "text": texts[0]},
        *events,
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "oh sorry yes pay it"},
    ]
    yes = make_tracker(li, "oh sorry yes pay it", "affirm", events=after_no)
    texts, events = run(ActionHandleAffirm(), yes)
    assert texts[0] == "All right. Here it is again."
    assert f"Pay {money(preview.amount_minor, 'USD')} to Northern Power" in texts[1]
    assert texts[1].endswith("Shall I send it?")
    fresh = slot_values(events)["pending_request"]
    assert fresh and fresh != preview.request_id
    # Nothing moved; the old request stays cancelled, the new one waits for its own yes.
    assert services.ledger.accounts("li", kind="current")[0].balance_minor == before
    assert services.payments.pending("li", preview.request_id) is None
    assert services.payments.pending("li", fresh) is not None


@pytest.mark.parametrize(
    ("said", "wants_it"),
    [
        ("oh sorry yes pay it", True),
        ("yes i do want it", True),
        ("actually yes, send it", True),
        ("yes", False),
        ("ok", False),
        ("yes thank you", False),
    ],
)
def test_only_a_yes_that_asks_for_the_payment_takes_the_no_back(said, wants_it):
    # A bare yes after "Okay. I have not sent anything." agrees with it
    # (tests/conversations/money.yml, "a correction then no leaves nothing sent").
    assert wants_it_after_all(said) is wants_it


@pytest.mark.parametrize(
    ("before", "said", "heard"),
    [
        # A yes to "anything else?": what there is.
        ("Okay. Is there anything else I can help with?", "yes", WHAT_I_CAN_DO),
        # A yes after a payment went: nothing waits for it.
        ("Done. I sent $5.00 to Alice Wong.", "yes",
         "There is nothing waiting for a yes right now. What would you like to do?"),
        # "ok" to a statement only says it was heard.
        ("Springfield Main Street Branch: Mon-Fri 9am-5pm.", "ok",
         "Okay. Is there anything else I can help with?"),
    ],
)  # fmt: skip
def test_a_yes_or_ok_with_nothing_waiting(li, services, before, said, heard):
    events = [
        {"event": "user", "text": "no"},
        {"event": "action", "name": "action_handle_deny"},
        {"event": "bot", "text": before},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": said},
    ]
    texts, _ = run(ActionHandleAffirm(), make_tracker(li, said, "affirm", events=events))
    assert texts == [heard]


# -- 4 and 5. "go back" and a lone letter at a read-back ----------------------------


def _transfer_read_back(services, sender, text, intent, confidence=0.99):
    account = services.ledger.accounts("demo", kind="current")[0]
    alice = services.payees.payees("demo", kind="person")[0]
    preview = services.payments.prepare_transfer(
        "demo", payee_id=alice.id, amount_minor=4500, currency="USD", from_account_id=account.id
    )
    return after_read_back(sender, text, intent, preview.request_id, confidence, "send 45 to alice")


def test_go_back_at_a_read_back_leaves_no_lesson_open_for_the_rules(mary, services):
    texts, events = run(
        ActionLessonBack(), _transfer_read_back(services, mary, "go back", "lesson_back")
    )
    assert texts[0] == "Nothing has been sent. The payment is still waiting."
    assert "Pay $45.00 to Alice Wong." in texts[1]
    # "lesson_back leads to none" (data/rules_lessons.yml) then waits: no fallback after it.
    assert slot_values(events) == {"lesson_stage": "none"}


def test_a_lone_letter_at_a_read_back_hears_the_read_back_again(mary, services):
    tracker = _transfer_read_back(services, mary, "A", "nlu_fallback", confidence=0.25)
    texts, events = run(ActionAnswerWithoutQuestion(), tracker)
    assert texts[0] == "Sorry, I did not catch that. Nothing has been sent."
    assert "Pay $45.00 to Alice Wong." in texts[1] and texts[1].endswith("Shall I send it?")
    assert events == []
