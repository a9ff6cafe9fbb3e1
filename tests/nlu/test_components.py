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
