"""Which saved payee the words of a request name: the full name, one word of it, the
relation, or a slip of speech recognition, but never an ordinary word that looks like one."""

import datetime as dt

import pytest

from assistant.bank.payees import PayeeView, match_payees

NOW = dt.datetime(2026, 1, 1)
ALICE = PayeeView(1, "Alice Wong", "person", "daughter", "1234", NOW)
WATER = PayeeView(2, "City Water", "biller", "water", "5678", NOW)
WEI = PayeeView(3, "Wei Zhang", "person", "grandson", "9012", NOW)
PAYEES = [ALICE, WATER, WEI]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("send 50 to alice wong", ALICE),
        ("send 50 to my daughter", ALICE),
        ("send it to alice wang", ALICE),  # a slip of speech recognition
        ("pay the watter bill", WATER),
        ("pay wei 10", WEI),
        ("give my grandson 20", WEI),
    ],
)
def test_a_payee_is_named_by_its_name_relation_or_a_slip(text, named):
    assert match_payees(text, PAYEES) == [named]


@pytest.mark.parametrize(
    "text",
    [
        "send 20 dollars, wrong, I mean 30",
        "pay 15 to long",
        "i want to pay along",
        "send it the other way",
    ],
)
def test_an_ordinary_word_that_looks_like_a_name_names_nobody(text):
    assert match_payees(text, PAYEES) == []
