"""The amount grammar (nlu/money.py) against phrases generated from it: each amount
said any way the grammar reads is read as exactly its value and currency, and each
that must be asked about is an Unclear, never an Amount."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.money import Amount, Unclear, find_amounts
from tests.amount_phrases import SENTENCES, Said, Unsure, sure, unsure


@settings(max_examples=400, deadline=None)
@given(said=sure, sentence=st.sampled_from(SENTENCES))
def test_an_amount_said_any_way_is_read_as_its_value(said: Said, sentence: str) -> None:
    text = sentence.format(said.phrase)
    found = find_amounts(text, "USD", said.locale)
    assert len(found) == 1, f"{text!r} in {said.locale}: {found}"
    (amount,) = found
    assert isinstance(amount, Amount), f"{text!r} in {said.locale}: {amount}"
    assert (amount.value, amount.currency) == (said.value, said.currency), text
    assert amount.text == said.phrase
    assert text[amount.start : amount.end] == said.phrase


@settings(max_examples=300, deadline=None)
@given(said=unsure, sentence=st.sampled_from(SENTENCES))
def test_an_amount_not_sure_is_asked_never_read(said: Unsure, sentence: str) -> None:
    text = sentence.format(said.phrase)
    found = find_amounts(text, "USD", said.locale)
    assert found, f"{text!r}: nothing found"
    assert all(isinstance(a, Unclear) for a in found), f"{text!r} in {said.locale}: {found}"
    offered = {r for a in found if isinstance(a, Unclear) for r in a.readings}
    assert set(said.readings) <= offered, f"{text!r}: offers {offered}"
