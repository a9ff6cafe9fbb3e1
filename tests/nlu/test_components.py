"""The custom Rasa component, run the way Rasa runs it: process() on Messages."""

import datetime as dt

from rasa.shared.nlu.training_data.message import Message

from nlu.components import BankEntityExtractor


def test_process_adds_amount_and_period_entities():
    extractor = BankEntityExtractor({"home_currency": "USD"})
    message = Message.build(text="send two hundred and fifty dollars to alice")
    other = Message.build(text="what did I spend on food last month")
    extractor.process([message, other])

    (amount,) = message.get("entities")
    assert amount["entity"] == "amount"
    assert amount["value"] == 250 and amount["currency"] == "USD"
    assert amount["additional_info"] == {"amount": "250", "currency": "USD"}
    assert amount["extractor"] == "BankEntityExtractor"

    (period,) = other.get("entities")
    assert period["entity"] == "period"
    start = dt.date.fromisoformat(period["value"]["start"])
    assert start.day == 1 and period["value"]["text"] == "last month"


def test_cents_stay_exact():
    extractor = BankEntityExtractor({"home_currency": "USD"})
    (entity,) = extractor.entities_for("$1,200.50", dt.date(2026, 11, 23))
    assert entity["value"] == 1200.5
    assert entity["additional_info"]["amount"] == "1200.50"
    assert entity["start"] == 0 and entity["end"] == len("$1,200.50")


def test_the_locale_says_which_mark_is_decimal_and_a_sign_is_asked_about():
    german = BankEntityExtractor({"home_currency": "EUR", "locale": "de_DE"})
    (amount,) = german.entities_for("schick 1.500 an alice", dt.date(2026, 11, 23))
    assert amount["additional_info"] == {"amount": "1500", "currency": "EUR"}
    assert (amount["start"], amount["end"]) == (7, 12)

    american = BankEntityExtractor({"home_currency": "USD", "locale": "en_US"})
    (unclear,) = american.entities_for("send -50 to alice", dt.date(2026, 11, 23))
    assert unclear["entity"] == "amount_unclear" and unclear["value"] == "-50"
    assert unclear["additional_info"] == {"readings": [], "currency": "USD", "doubt": "negative"}


def _guarded(text: str, ranking: list[tuple[str, float]]) -> str:
    from rasa.shared.nlu.training_data.message import Message

    from nlu.components import MoneyIntentGuard

    intents = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={"text": text, "intent": intents[0], "intent_ranking": intents})
    MoneyIntentGuard(MoneyIntentGuard.get_default_config()).process([message])
    return message.get("intent")["name"]


def test_a_payment_joined_to_another_request_is_not_started_on_its_own():
    two = [("transfer_money", 0.81), ("check_balance", 0.12)]
    assert _guarded("check my balance and also send money to my son", two) == "nlu_fallback"
    # The same confidence without a joined request, or with a second guess that is noise.
    assert _guarded("send money to my son", two) == "transfer_money"
    noise = [("transfer_money", 0.95), ("check_balance", 0.03)]
    assert _guarded("send 40 to alice and then stop", noise) == "transfer_money"


def test_an_and_inside_an_amount_is_no_second_request():
    from rasa.shared.nlu.training_data.message import Message

    from nlu.components import MoneyIntentGuard

    text = "send alice three hundred and fifteen dollars"
    two = [
        {"name": "transfer_money", "confidence": 0.85},
        {"name": "check_balance", "confidence": 0.12},
    ]
    amount = {"entity": "amount", "start": 11, "end": 44, "value": 315}
    message = Message(
        data={"text": text, "intent": two[0], "intent_ranking": two, "entities": [amount]}
    )
    MoneyIntentGuard(MoneyIntentGuard.get_default_config()).process([message])
    assert message.get("intent")["name"] == "transfer_money"
    joined = Message(
        data={
            "text": f"{text} and my balance",
            "intent": two[0],
            "intent_ranking": two,
            "entities": [amount],
        }
    )
    MoneyIntentGuard(MoneyIntentGuard.get_default_config()).process([joined])
    assert joined.get("intent")["name"] == "nlu_fallback"
