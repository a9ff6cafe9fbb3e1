"""Near misses of payee names are put right; nothing else, and never an amount."""

import pytest

from voice.names import near_names

PAYEES = ["Alice Wong (my daughter)", "City Water", "Northern Power", "Carlos Diaz"]


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("Please settle the bill from City Walker.", "Please settle the bill from City Water."),
        ("Send $50 to Alice Wang.", "Send $50 to Alice Wong."),
        ("send fifty dollars to carlos dias", "send fifty dollars to Carlos Diaz"),
        ("Pay city water now.", "Pay City Water now."),
    ],
)
def test_a_near_miss_of_a_payee_becomes_the_name(heard, meant):
    assert near_names(heard, PAYEES) == meant


@pytest.mark.parametrize(
    "heard",
    [
        "Send $50 to Alice Wong.",  # already right
        "Send $1,250.50 to Alice Wong.",  # amounts are never touched
        "Send fifteen dollars to Alice.",  # one word of a name is not enough
        "Pay Southern Power.",  # another company: different first letter
        "Pay Northern Tower.",  # P and T: not a slip of one letter family
        "Pay the city hall.",  # not close in spelling
        "I bought a walker for the city.",
        "City. Walker.",  # two sentences, not one name
        "Pay fifty water.",  # a number word is never turned into a name
        "What is my balance?",
    ],
)
def test_nothing_else_is_changed(heard):
    assert near_names(heard, PAYEES) == heard


def test_without_payees_the_text_is_kept():
    assert near_names("Pay City Walker.", []) == "Pay City Walker."
    assert near_names("Pay City Walker.", ["Walker"]) == "Pay City Walker."  # one-word names: no
