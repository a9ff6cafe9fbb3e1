"""The dialogue policy that reads a reply to the question asked just before it.

Right after a yes-or-no question, the question decides what the reply means
(nlu/replies.py): a yes that says the question's own change runs the yes action
whatever the classifier took it for; an amount said while a read-back waits for its
yes runs the correction (actions/money/amend.py), which reads the payment back for a new
yes. An action that another one ran after it (FollowupAction: the call-back after "yes
please call me") is followed by listening, as the rules follow an action they started.
Anything else is left to the rules.

Configured in config.yml with a priority above RulePolicy's.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.engine.reading_policy import ReadingPolicy
from nlu import skills
from nlu.card_words import card_found, card_is_fine
from nlu.replies import (
    QUESTION_RECORD,
    SCAM_SIGN,
    asked_last,
    calls_it_off_in_words,
    calls_off,
    corrects_amount,
    goes_on,
    names_offered_payee,
    opens_with_no,
    says_amount,
    says_relative_amount,
    says_yes_after_no,
    says_yes_to_last_question,
    welcomes_offer,
)

AFFIRM_ACTION = "action_handle_affirm"
DENY_ACTION = "action_handle_deny"
# A card found again, said at a question to stop or freeze it: nothing to stop, and a
# frozen card offered back (actions/cards/cards.py).
FOUND_ACTION = "action_unfreeze_card"
CARD_QUESTIONS = {"stop_card", "freeze_card"}
CALLBACK = "callback"
START_REQUEST = "start_request"
URGENT = frozenset(skills.urgent())
# What the classifier says when a reply asks for nothing of its own.
NO_REQUEST = frozenset({"bank_question", "out_of_scope", "nlu_fallback", "inform", "deny"})
# Requests whose form asks for an amount: one said to the offer of such a request is its yes.
TAKES_AN_AMOUNT = {"transfer_money"}
CORRECT_ACTION = "action_answer_without_question"
READ_BACK_SLOT = "pending_request"
# The actions this policy runs for a reply; after one, the customer is listened to.
OURS = (AFFIRM_ACTION, DENY_ACTION, CORRECT_ACTION, FOUND_ACTION)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ReplyPolicy(ReadingPolicy):
    """Predicts the yes action for a yes that echoes the question just asked, and the
    correction for an amount said at a read-back; nothing otherwise."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above RulePolicy (4) and the lesson list's (5): the question just asked
        # decides what its reply means.
        return {"priority": 6}

    def next_action(self, tracker: DialogueStateTracker) -> str | None:
        return next_action(tracker)


def next_action(tracker: DialogueStateTracker) -> str | None:
    """What to run for the latest message as a reply to the question before it."""
    if tracker.active_loop_name:
        return None  # a form waits for its answer
    latest = tracker.latest_action_name
    if latest in OURS and _reply_read(tracker):
        return ACTION_LISTEN_NAME  # ours ran for this message; wait for the customer
    if latest != ACTION_LISTEN_NAME and _ran_as_follow_up(tracker):
        # An answer run for another action ("actually yes please call me" runs the
        # call-back after the yes action): it has answered; no rule knows the pair.
        return ACTION_LISTEN_NAME
    if latest != ACTION_LISTEN_NAME:
        return None
    return _reply_action(tracker)


def _recent(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """The events back to the user message before the latest, as dictionaries."""
    found: list[dict[str, Any]] = []
    users = 0
    for event in reversed(tracker.events):
        found.insert(0, event.as_dict())
        if found[0].get("event") == "user":
            users += 1
            if users == 2:
                break
    return found


def _reply_action(tracker: DialogueStateTracker) -> str | None:
    message = tracker.latest_message
    if message is None or not message.text:
        return None
    events = _recent(tracker)
    if _asked_kind(events) in CARD_QUESTIONS and card_found(message.text):
        return FOUND_ACTION  # "oh it was in my coat all along" at "Shall I stop your card?"
    if (
        _asked_kind(events) in CARD_QUESTIONS
        and opens_with_no(message.text)
        and card_is_fine(message.text)
    ):
        return DENY_ACTION  # "no thank you, the card is fine", "no, the bike not the card"
    if _asked_kind(events) == CALLBACK and welcomes_offer(message.text):
        return AFFIRM_ACTION  # "that'd be lovely thank you" to "Shall I ask them to call you?"
    if _offers_a_payment(events) and (
        says_amount(message.entities, message.text)
        or names_offered_payee(message.text, _offered_payee(events))
    ):
        # "pay them 72 dollars then" to "Do you want to send money to Northern Power?": the
        # yes, with the amount its form would ask for; the read-back and its yes follow.
        return AFFIRM_ACTION
    if goes_on(message.text) and _asked(events):
        return AFFIRM_ACTION  # "ok go on" to a question: a yes, never a lesson's "next"
    if asked_last(events) is None:
        return None
    if says_yes_to_last_question(message.text, events):
        return AFFIRM_ACTION  # "yes, freeze it"
    if says_yes_after_no(message.text, events):
        # "no its not there. ok stop it": the later thought answers the question (a change
        # said without a yes word is asked again by the yes action: actions/consent.py).
        return AFFIRM_ACTION
    intent = (message.intent or {}).get("name")
    if tracker.get_slot(READ_BACK_SLOT) and (
        corrects_amount(intent, message.entities) or says_relative_amount(message.text)
    ):
        return CORRECT_ACTION  # "sorry, I meant 40"; "half that" (never a "what?")
    if (
        intent in NO_REQUEST
        and opens_with_no(message.text)
        and not _scam_sign(message)
        and not says_amount(message.entities, "")
    ):
        # "goodness no, it was Doris's card, not mine!" to "Shall I stop your card?": the
        # no, never "a question for our team"; a no with a request after it ("no thanks,
        # what's my balance") is the request's.
        return DENY_ACTION
    if tracker.get_slot(READ_BACK_SLOT) and _calls_off_read_back(intent, message):
        # "no. on reflection she's had enough this week", "forget it": never a history
        # or a bank question while the payment waits.
        return DENY_ACTION
    return None


def _scam_sign(message: Any) -> bool:
    return any(e.get("entity") == SCAM_SIGN for e in message.entities)


def _calls_off_read_back(intent: str | None, message: Any) -> bool:
    """A no to the read-back, whatever the classifier took it for; not a scam going on
    now ("no wait, he is still on the phone"), nor an urgent request said after a plain no,
    which their own answers take first."""
    text = message.text or ""
    if not calls_off(text) or _scam_sign(message):
        return False
    return intent not in URGENT or calls_it_off_in_words(text)


def _asked_record(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The question record the assistant's last turn carried, if any."""
    for event in events:
        record = (
            (event.get("metadata") or {}).get(QUESTION_RECORD)
            if event.get("event") == "bot"
            else None
        )
        if record:
            return dict(record)
    return None


def _asked_kind(events: list[dict[str, Any]]) -> str | None:
    """The kind of the question record the assistant's last turn carried, if any."""
    record = _asked_record(events)
    return str(record.get("kind")) if record else None


def _offered_payee(events: list[dict[str, Any]]) -> str:
    record = _asked_record(events) or {}
    return str((record.get("detail") or {}).get("transfer_payee") or "")


def _offers_a_payment(events: list[dict[str, Any]]) -> bool:
    """The last turn asked whether to start a payment to someone it named."""
    record = _asked_record(events) or {}
    detail = record.get("detail") or {}
    return (
        record.get("kind") == START_REQUEST
        and detail.get("intent") in TAKES_AN_AMOUNT
        and bool(detail.get("transfer_payee"))
    )


def _asked(events: list[dict[str, Any]]) -> bool:
    """The assistant's last turn asked a question: a yes-or-no one (its Yes button), one
    with choices (the question's record, actions/consent.py), or an offer in words ("Shall
    I pay it now?" with the bill's button)."""
    return asked_last(events) is not None or any(
        e.get("event") == "bot"
        and ((e.get("metadata") or {}).get(QUESTION_RECORD) or "?" in (e.get("text") or ""))
        for e in events
    )


def _reply_read(tracker: DialogueStateTracker) -> bool:
    """The action just run followed the message directly (this policy chose it)."""
    events = list(tracker.events)
    for event in reversed(events):
        kind = event.as_dict().get("event")
        if kind == "user":
            return True
        if kind == "action" and event.as_dict().get("name") not in OURS:
            return False
    return False


def _ran_as_follow_up(tracker: DialogueStateTracker) -> bool:
    """The action just run was asked for by the action before it (FollowupAction)."""
    latest = tracker.latest_action_name
    seen_latest = False
    for event in reversed(list(tracker.events)):
        data = event.as_dict()
        kind = data.get("event")
        if kind == "action":
            if seen_latest:
                return False  # back at the action before: it asked for none
            seen_latest = data.get("name") == latest
            if not seen_latest:
                return False
        elif kind == "followup" and seen_latest:
            return data.get("name") == latest
        elif kind == "user":
            return False
    return False
