"""Two requests in one message ("what's my balance and can you pay the water bill").

The NLU cannot place such a message on one intent, so it is not understood; when
its two best guesses are both requests we know and the customer joined two
clauses, the assistant asks which to do first: one question, two buttons.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import button
from nlu.spoken import JOINED

# Requests that can be offered as a choice, with the button's words.
CHOICES = {
    "check_balance": "My balance",
    "transaction_history": "My payments",
    "check_bills": "My bills",
    "pay_bill": "Pay a bill",
    "transfer_money": "Send money",
    "move_money": "Move money between my accounts",
    "freeze_card": "Freeze my card",
    "report_lost_card": "My card is lost",
    "find_branch": "Find a branch",
    "loan_consultation": "Loans",
    "deposit_products": "Savings rates",
    "human_handoff": "Talk to a person",
}
# Below this the second guess is noise, not a second request.
SECOND_AT_LEAST = 0.1


def ask_which_first(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Ask which of two requests to do first; False when the message is not two."""
    if not JOINED.search(tracker.latest_message.get("text") or ""):
        return False
    ranking = [
        i
        for i in tracker.latest_message.get("intent_ranking") or []
        if i.get("name") != "nlu_fallback"
    ]
    if len(ranking) < 2:
        return False
    first, second = ranking[0], ranking[1]
    if first.get("name") not in CHOICES or second.get("name") not in CHOICES:
        return False
    if float(second.get("confidence") or 0) < SECOND_AT_LEAST:
        return False
    dispatcher.utter_message(
        text="I can do one thing at a time. Which shall I do first?",
        buttons=[button(CHOICES[i["name"]], i["name"]) for i in (first, second)],
    )
    return True
