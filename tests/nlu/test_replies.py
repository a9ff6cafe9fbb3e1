"""A reply read against the question asked just before it (nlu/replies.py,
nlu/reply_policy.py)."""

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    FollowupAction,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from nlu.replies import (
    asked_last,
    calls_off,
    corrects_amount,
    echoes_yes,
    relative_amount,
    request_after_yes,
    yes_after_no,
)
from nlu.reply_policy import next_action

FREEZE = "Shall I freeze your card ending 5309 now? No one will be able to pay with it."
STOP = "I am sorry. Shall I stop your card ending 7781 now? No one will be able to use it."
UNFREEZE = "Unfreeze your card ending 4410? It can be used for payments again."
PROTECT = "I am sorry. Shall I protect your accounts now?\nI will freeze your cards."
READ_BACK = "Please check this payment.\nPay $50.00 to Alice Wong.\nShall I send it?"


@pytest.mark.parametrize(
    ("text", "question", "yes"),
    [
        ("yes, freeze it", FREEZE, "Yes, freeze it"),
        ("Yes please, block my card now", FREEZE, "Yes, freeze it"),
        ("yes, stop it", STOP, "Yes, stop it"),
        ("ok cancel the card right away", STOP, "Yes, stop it"),
        ("yes, protect my accounts", PROTECT, "Yes, protect my accounts"),
        ("sure, go ahead and secure them", PROTECT, "Yes, protect my accounts"),
        ("yes send it", READ_BACK, "Yes, send it"),
        ("yeah, pay it please", READ_BACK, "Yes, send it"),
        ("yes please turn it back on", UNFREEZE, "Yes"),
        ("yes turn it on", UNFREEZE, "Yes"),
    ],
)
def test_a_yes_that_says_the_question_s_change_is_an_echo(text, question, yes):
    assert echoes_yes(text, question, yes)


@pytest.mark.parametrize(
    ("text", "question", "yes"),
    [
        ("yes", FREEZE, "Yes, freeze it"),  # a bare yes: the classifier's
        ("yes, unfreeze it", FREEZE, "Yes, freeze it"),  # another change
        ("yes, pay with it", FREEZE, "Yes, freeze it"),  # only the question, not what follows
        ("yes but not now", FREEZE, "Yes, freeze it"),
        ("no, don't freeze it", FREEZE, "Yes, freeze it"),
        ("freeze it", FREEZE, "Yes, freeze it"),  # no yes said
        ("yes turn it on", FREEZE, "Yes, freeze it"),  # the opposite change
        ("yes, stop it", READ_BACK, "Yes, send it"),  # "stop" at a payment is no yes
        ("yes, make it 40", READ_BACK, "Yes, send it"),
        ("yes and what is my balance", READ_BACK, "Yes, send it"),
        ("/affirm", FREEZE, "Yes, freeze it"),
    ],
)
def test_anything_more_or_else_is_no_echo(text, question, yes):
    assert not echoes_yes(text, question, yes)


def _events(reply: str, buttons: list[dict[str, str]]) -> list[dict]:
    return [
        {"event": "user", "text": "freeze my card"},
        {"event": "bot", "text": FREEZE, "data": {"buttons": buttons}},
        {"event": "user", "text": reply},
    ]


def test_the_question_asked_is_the_one_with_a_yes_button_in_the_last_turn():
    yes = [{"title": "Yes, freeze it", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    asked = asked_last(_events("yes, freeze it", yes))
    assert asked is not None and asked.yes_title == "Yes, freeze it" and FREEZE in asked.text
    assert (
        asked_last(_events("yes", [{"title": "My balance", "payload": "/check_balance"}])) is None
    )
    older = [*_events("what is my balance", yes), {"event": "bot", "text": "$10"}]
    assert asked_last([*older, {"event": "user", "text": "yes, freeze it"}]) is None


def test_an_amount_is_a_correction_unless_its_intent_answers_or_overrides():
    amount = [{"entity": "amount", "value": 781.76}]
    assert corrects_amount("out_of_scope", amount)
    assert corrects_amount("inform", [{"entity": "amount_unclear", "value": "two fifty"}])
    assert not corrects_amount("out_of_scope", [])
    for keeps in ("affirm", "deny", "cancel", "report_lost_card", "scam_story"):
        assert not corrects_amount(keeps, amount)
    assert not corrects_amount("inform", [*amount, {"entity": "scam_sign", "value": "rush"}])


DOMAIN = Domain.from_dict(
    {
        "intents": ["affirm", "freeze_card", "out_of_scope", "inform"],
        "slots": {"pending_request": {"type": "any", "mappings": [{"type": "custom"}]}},
        "actions": ["action_handle_affirm", "action_answer_without_question"],
    }
)


def _tracker(bot: str, yes: str, text: str, intent: str, entities=(), waiting=None):
    events = [
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("earlier", {"name": "inform", "confidence": 1.0}),
        ActionExecuted("action_earlier"),
        BotUttered(bot, {"buttons": [{"title": yes, "payload": "/affirm"}]}),
        *([SlotSet("pending_request", waiting)] if waiting else []),
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered(text, {"name": intent, "confidence": 0.5}, list(entities)),
    ]
    return DialogueStateTracker.from_events("s", events, DOMAIN.slots)


def test_the_policy_runs_the_yes_for_an_echo_and_then_listens():
    tracker = _tracker(FREEZE, "Yes, freeze it", "yes, freeze it", "freeze_card")
    assert next_action(tracker) == "action_handle_affirm"
    tracker.update(ActionExecuted("action_handle_affirm"))
    assert next_action(tracker) == ACTION_LISTEN_NAME


def test_the_policy_runs_the_correction_for_an_amount_at_a_read_back():
    amount = [{"entity": "amount", "value": 951}]
    said = "oh no that's wrong, 951 bucks"
    tracker = _tracker(READ_BACK, "Yes, send it", said, "out_of_scope", amount, waiting="r1")
    assert next_action(tracker) == "action_answer_without_question"
    # No payment waiting (the read-back was answered), or no amount: the rules decide.
    assert next_action(_tracker(READ_BACK, "Yes, send it", said, "out_of_scope", amount)) is None
    assert (
        next_action(_tracker(READ_BACK, "Yes, send it", "hmm", "out_of_scope", waiting="r1"))
        is None
    )


@pytest.mark.parametrize(
    ("text", "read_back", "meant"),
    [
        ("no half that", 100000, 50000),
        ("half that please", 20000, 10000),
        ("make it half", 20000, 10000),
        ("half of it", 20000, 10000),
        ("double it", 2500, 5000),
        ("twice as much please", 2500, 5000),
        # Not against the amount read back: an amount of its own, or no amount at all.
        ("half a thousand, that's it", 20000, None),
        ("send half to wei", 20000, None),
        ("yes", 20000, None),
        # Half of an odd number of cents is no sum anyone meant.
        ("half that", 101, None),
    ],
)
def test_an_amount_said_against_the_one_read_back(text, read_back, meant):
    assert relative_amount(text, read_back) == meant


@pytest.mark.parametrize(
    ("text", "said_after"),
    [
        ("actually yes please call me", "call me"),
        ("ok, what bills have i got", "what bills have i got"),
        ("yeah go ahead and freeze it", "go ahead and freeze it"),
        ("yes please", None),
        ("ok good", None),
        ("yes", None),
        ("no, call me", None),
        ("call me please", None),
    ],
)
def test_the_request_after_a_yes_is_the_words_after_it(text, said_after):
    assert request_after_yes(text) == said_after


def test_an_action_run_after_another_is_followed_by_listening():
    tracker = _tracker("Is there anything else?", "Yes", "actually yes please call me", "affirm")
    tracker.update(ActionExecuted("action_handle_affirm"))
    tracker.update(FollowupAction("action_human_handoff"))
    tracker.update(ActionExecuted("action_human_handoff"))
    assert next_action(tracker) == ACTION_LISTEN_NAME


def test_an_action_the_rules_chose_is_left_to_the_rules():
    tracker = _tracker("Your balance is $10.", "Yes", "what bills have i got", "check_bills")
    tracker.update(ActionExecuted("action_check_bills"))
    assert next_action(tracker) is None


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("no its not there. ok stop it", "order"),
        ("no I meant YES stop the card, it's not in my pocket", "order"),
        ("no wait. yes stop it please", "order"),
        # The change said without a yes word: asked again, never done.
        ("no, STOP it, the machine has it, I need a new one", "named"),
        # A later thought that takes the change back, or says nothing of it.
        ("no, don't stop it, I found it", None),
        ("no, stop", None),
        ("no its fine. I found it", None),
        ("no thanks", None),
        # The card named in a later thought, with no change said: never a yes.
        ("no thank you, the card is fine", None),
        ("what? no, my card is fine", None),
        ("no. ok, my card is fine", None),
        ("no, the bike not the card", None),
    ],
)
def test_a_later_thought_may_say_yes_to_the_change(text, meant):
    assert yes_after_no(text, STOP, "Yes, stop it") == meant


@pytest.mark.parametrize(
    "text",
    [
        "no hold on, I'll ask her first what she needs",
        "mm, on second thoughts she owes me money. forget it",
        "no. on reflection she's had enough this week",
        "Then I will leave it for now thank you",
        "I rang his old number and he says he never called me! so no, don't send",
    ],
)
def test_a_read_back_called_off_in_other_words(text):
    assert calls_off(text)


@pytest.mark.parametrize("text", ["yes please", "I don't know, is it safe?", "send it"])
def test_no_call_off_in_a_yes_or_a_doubt(text):
    assert not calls_off(text)


def test_the_policy_runs_the_no_for_a_read_back_called_off_in_other_words():
    said = "no. on reflection she's had enough this week"
    tracker = _tracker(READ_BACK, "Yes, send it", said, "transaction_history", waiting="r1")
    assert next_action(tracker) == "action_handle_deny"
    tracker.update(ActionExecuted("action_handle_deny"))
    assert next_action(tracker) == ACTION_LISTEN_NAME
    # A scam going on now said after the no is the scam's to answer.
    sign = [{"entity": "scam_sign", "value": "on_the_line"}]
    waiting = _tracker(
        READ_BACK, "Yes, send it", "no wait he is on the phone", "inform", sign, "r1"
    )
    assert next_action(waiting) is None
