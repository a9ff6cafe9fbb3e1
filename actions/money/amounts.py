"""The amount slot of the payment forms: found in what was said, checked, asked for.

An amount that must be asked about (an `amount_unclear`, nlu/money.py) is asked with a
button for each reading (`ask_which_amount`). One heard by speech recognition that
sounds like another ("$14": fourteen or forty) is asked in words and digit by digit,
"Did you say fourteen dollars, one four, or forty dollars, four zero?"; the answer,
pressed or said, is the amount that goes to the read-back (`chosen_amount`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction
from actions.conversation_state import previous_bot_buttons
from actions.replies import button, money, read_payload
from actions.services import services
from assistant.bank.money import precision, to_minor
from assistant.errors import PaymentRefused
from voice.spoken import DIGITS, spoken_amount


def _amount_entity(tracker: Tracker) -> tuple[str, str] | None:
    """The amount said in the latest message: an exact decimal string and its currency."""
    return amount_said(tracker.latest_message)


# Words of an amount said digit by digit ("four zero", "one four point five zero").
_DIGIT_WORDS = {word: str(digit) for digit, word in enumerate(DIGITS)} | {"oh": "0", "o": "0"}
_POINT_WORDS = {"point", "dot"}
_AROUND_DIGITS = {
    "i",
    "said",
    "say",
    "it",
    "it's",
    "its",
    "is",
    "that",
    "dollar",
    "dollars",
    "please",
}


def _spelt_digits(text: str) -> str | None:
    """ "Four, zero." -> "40", "one four point five zero" -> "14.50"; None for anything
    else, or for fewer than two digits (a lone "one" presses the first button)."""
    said = ""
    for word in re.findall(r"[\w']+", text.lower()):
        if word in _DIGIT_WORDS or (word.isdigit() and len(word) == 1):
            said += _DIGIT_WORDS.get(word, word)
        elif word in _POINT_WORDS and said and "." not in said:
            said += "."
        elif word not in _AROUND_DIGITS:
            return None
    return said if sum(c.isdigit() for c in said) >= 2 and not said.endswith(".") else None


def chosen_amount(tracker: Tracker) -> str | None:
    """The amount the latest message chose among those the last answer offered as
    buttons (its "Did you say ..."), when it was said rather than pressed.

    Heard again as an amount with a sound-alike, the amount heard is taken if it was
    offered: the customer has heard both in words and digits, and the read-back and its
    yes still follow. Said digit by digit ("four zero"), the digits are taken. None
    when nothing offered was chosen.
    """
    offered = _offered_amounts(previous_bot_buttons(tracker))
    if not offered:
        return None
    heard: list[Decimal] = []
    for entity in tracker.latest_message.get("entities") or []:
        info = entity.get("additional_info") or {}
        if entity.get("entity") == "amount":
            heard.append(Decimal(str(info.get("amount") or entity.get("value"))))
        elif info.get("doubt") == "soundalike" and info.get("readings"):
            heard.append(Decimal(str(info["readings"][0])))  # as heard, the likelier reading
    spelt = _spelt_digits(str(tracker.latest_message.get("text") or ""))
    if spelt:
        heard.append(Decimal(spelt))
    # "Fifteen. One five." or "$15." to "Did you say fifteen dollars, or fifty?": one of
    # the amounts offered, and only one.
    chosen = {offered[amount] for amount in heard if amount in offered}
    return chosen.pop() if len(chosen) == 1 else None


def _offered_amounts(buttons: list[str]) -> dict[Decimal, str]:
    """The amounts of the "Did you say ..." buttons, by value: their payload's text."""
    found: dict[Decimal, str] = {}
    for pressed in buttons:
        intent, entities = read_payload(pressed)
        amount = entities.get("amount")
        if intent != "inform" or amount is None:
            continue
        try:
            found[Decimal(str(amount))] = str(amount)
        except ArithmeticError:
            continue
    return found


# The entities an amount is said in: read for sure, or with a doubt (nlu/money.py).
AMOUNT_KINDS = ("amount", "amount_unclear")
# "no I said 20 not 120", "40 instead of 400": an amount right after these words is the
# one the customer turns down, never the one meant.
_TURNED_DOWN = re.compile(r"\b(?:not|instead of|rather than)\W*(?:usd\W*)?$", re.IGNORECASE)


def amount_meant(message: dict[str, Any]) -> dict[str, Any] | None:
    """The entity of the amount meant in `message`, clear or not: the last one said that
    is not turned down ("two hundred. no, three hundred. actually two fifty": the two
    fifty, unclear as it is)."""
    entities = [e for e in message.get("entities") or [] if e.get("entity") in AMOUNT_KINDS]
    entities.sort(key=lambda e: int(e.get("start") or 0))
    text = str(message.get("text") or "")
    meant = [e for e in entities if not _TURNED_DOWN.search(text[: int(e.get("start") or 0)])]
    return (meant or entities)[-1] if entities else None


def amount_said(message: dict[str, Any]) -> tuple[str, str] | None:
    """The amount meant in `message`, when it is clear; None when none was said, or the
    one meant is unclear (then it is asked about, never an earlier one used)."""
    entity = amount_meant(message)
    if not entity or entity.get("entity") != "amount":
        return None
    info = entity.get("additional_info") or {}
    amount = info.get("amount") or str(entity.get("value"))
    currency = entity.get("currency") or info.get("currency") or services().settings.home_currency
    return amount, currency


def amount_in_message(tracker: Tracker, message: dict[str, Any] | None = None) -> str | None:
    """The amount said in the latest message (or the one given), if it is clear and in
    the home currency."""
    if message is None:
        chosen = chosen_amount(tracker)
        if chosen is not None:
            return chosen
    found = amount_said(message if message is not None else tracker.latest_message)
    if found and found[1] == services().settings.home_currency:
        return found[0]
    return None


# Why no amount was taken from what was said (`doubt` of an amount_unclear, nlu/money.py),
# said before the question again.
_DOUBTS = {
    "negative": "An amount must be more than zero.",
    "decimals": "An amount can have at most two decimal places, for the cents.",
    "range": "I need the exact amount.",
    "unreadable": "I could not read that amount for sure.",
}


def ask_which_amount(
    tracker: Tracker,
    dispatcher: CollectingDispatcher,
    question: str = "How much do you want to send?",
) -> bool:
    """ "two fifty": ask which amount was meant, with a button for each; "-50", "a few
    hundred": say why no amount was taken and ask `question`; "$14" heard by speech
    recognition: ask which was said. True if asked; False also when the latest message
    answers such a question (`chosen_amount`)."""
    unclear = amount_meant(tracker.latest_message)
    if not unclear or unclear.get("entity") != "amount_unclear" or chosen_amount(tracker):
        return False
    info = unclear.get("additional_info") or {}
    home = services().settings.home_currency
    readings = info.get("readings") or []
    if not readings:
        doubt = _DOUBTS.get(info.get("doubt") or "", _DOUBTS["unreadable"])
        dispatcher.utter_message(text=f"{doubt} {question}")
        return True
    if info.get("currency", home) != home:
        return False
    said = [money(to_minor(r, home), home) for r in readings]
    if info.get("doubt") == "soundalike":
        asked = which_was_said([str(r) for r in readings], home)
    elif len(said) > 1:
        asked = f"Did you mean {' or '.join(said)}? Or say the amount again, please."
    else:
        asked = f"Did you mean {said[0]}? Or say the amount again, please."
    dispatcher.utter_message(
        text=asked,
        buttons=[button(s, "inform", amount=r) for s, r in zip(said, readings, strict=True)],
    )
    return True


def which_was_said(readings: list[str], currency: str) -> str:
    """ "Did you say fourteen dollars, one four, or forty dollars, four zero?": each
    amount in words, then digit by digit, so that the two cannot be heard alike."""
    said = [f"{_in_words(r, currency)}, {_digit_by_digit(r)}" for r in readings]
    if len(said) == 2:
        return f"Did you say {said[0]}, or {said[1]}?"
    return f"Did you say {'; '.join(said[:-1])}; or {said[-1]}?"


def _in_words(reading: str, currency: str) -> str:
    minor = to_minor(reading, currency)
    whole, cents = divmod(minor, 10 ** precision(currency))
    return spoken_amount(whole, cents, currency)


def _digit_by_digit(reading: str) -> str:
    """ "14.50" -> "one four point five zero"."""
    return " ".join("point" if c == "." else DIGITS[int(c)] for c in reading)


def extract_amount(tracker: Tracker) -> dict[str, Any]:
    chosen = chosen_amount(tracker)
    if chosen is not None:
        return {"amount": chosen}
    found = _amount_entity(tracker)
    return {"amount": found[0]} if found else {}


def validate_amount(
    value: Any, tracker: Tracker, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    """Accept an amount in the home currency only: the slot holds home-currency decimals."""
    home = services().settings.home_currency
    if value is None:
        return {"amount": None}
    found = _amount_entity(tracker)
    if found and found[1] != home:
        dispatcher.utter_message(
            text=f"I can only send money in {home} here. Please say the amount in {home}."
        )
        return {"amount": None}
    try:
        minor = to_minor(value, home)
    except PaymentRefused as refused:
        dispatcher.utter_message(text=str(refused))
        return {"amount": None}
    if minor <= 0:
        dispatcher.utter_message(text="The amount must be more than zero.")
        return {"amount": None}
    return {"amount": str(value)}


class _AskAmount(CustomerAction):
    question = ""

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if ask_which_amount(tracker, dispatcher, self.question):
            return []
        kind = tracker.get_slot("from_account") or "current"
        accounts = services().ledger.accounts(customer_id, kind=kind)
        hint = ""
        if accounts:
            account = accounts[0]
            hint = f" Your {account.name} has {money(account.balance_minor, account.currency)}."
        dispatcher.utter_message(text=self.question + hint)
        return []


class ActionAskTransferAmount(_AskAmount):
    question = "How much would you like to send?"

    def name(self) -> str:
        return "action_ask_transfer_form_amount"


class ActionAskDepositAmount(_AskAmount):
    question = "How much would you like to put in the deposit?"

    def name(self) -> str:
        return "action_ask_deposit_form_amount"
