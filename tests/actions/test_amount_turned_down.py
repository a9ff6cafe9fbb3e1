"""An amount the customer turns down ("20 not 120") is never the one taken."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from actions.money.amounts import amount_said
from nlu.components import BankEntityExtractor

TODAY = dt.date(2026, 12, 7)


def said(text: str) -> dict:
    extractor = BankEntityExtractor({"home_currency": "USD", "locale": "en_US"})
    return {"text": text, "entities": extractor.entities_for(text, TODAY)}


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("no I said 20 not 120", "20"),
        ("not 120, 20", "20"),
        ("make it 40 instead of 400", "40"),
        ("45 dollars rather than $450", "45"),
        ("not 300 dollars but 30", "30"),
        ("send 50 to alice", "50"),
        ("make it 60", "60"),
    ],
)
def test_the_amount_meant_is_the_one_not_turned_down(services, text: str, meant: str) -> None:
    found = amount_said(said(text))
    assert found is not None and Decimal(found[0]) == Decimal(meant), (text, found)


def test_a_lone_amount_turned_down_is_still_read(services) -> None:
    """ "not 120": nothing else was said, so 120 is what there is (the read-back asks)."""
    found = amount_said(said("not 120"))
    assert found is not None and Decimal(found[0]) == Decimal("120")
