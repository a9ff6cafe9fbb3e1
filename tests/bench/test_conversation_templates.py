"""bench/conversation_templates.py: at least 300 conversations, varied, reproducible, and
each expectation one the assistant can be held to (no server)."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.bank.seed import DEMO_CUSTOMERS
from assistant.settings import BankSettings
from bench.conversation_templates import (
    CARDS,
    CASES,
    MONEY,
    PAUSES,
    STEP_UP_ABOVE,
    TEMPLATES,
    Conversation,
    generate,
)
from nlu.money import Amount, Unclear, find_amounts

CONVERSATIONS = generate()
LIMITS = BankSettings.from_env({})


def _amounts(text: str) -> list[Amount | Unclear]:
    return find_amounts(text, "USD", "en_US")


def test_at_least_300_conversations_of_every_template():
    assert len(CONVERSATIONS) >= 300
    made = Counter(c.template for c in CONVERSATIONS)
    assert len(made) == len(TEMPLATES)
    assert min(made.values()) >= 20, made


def test_the_same_seed_gives_the_same_conversations_and_another_seed_others():
    assert generate(300, seed=7) == generate(300, seed=7)
    assert generate(300, seed=7) != generate(300, seed=8)
    assert generate(13, seed=7) == generate(300, seed=7)[:13]


def test_every_amount_said_is_read_by_the_grammar_as_the_amount_expected():
    checked = 0
    for conversation in CONVERSATIONS:
        for turn in conversation.turns:
            if turn.amount is None:
                continue
            heard = _amounts(turn.say)
            assert [type(a) for a in heard] == [Amount], (turn.say, heard)
            assert heard[0].value * 100 == turn.amount, (turn.say, heard)
            checked += 1
    assert checked >= 150


def test_every_unsure_amount_is_one_the_grammar_asks_about():
    unsure = [t for c in CONVERSATIONS for t in c.turns if t.unsure]
    assert len(unsure) >= 20
    for turn in unsure:
        heard = _amounts(turn.say)
        assert any(isinstance(a, Unclear) for a in heard), (turn.say, heard)
        assert not any(isinstance(a, Amount) for a in heard), (turn.say, heard)


def test_amounts_are_said_in_many_forms():
    said = " | ".join(t.say for c in CONVERSATIONS for t in c.turns if t.amount is not None)
    for form in ("$", ",", ".", "dollars", "bucks", "cents", "hundred and", "half a", "grand"):
        assert form in said, form
    assert any(w.endswith("k") and w[:-1].replace(".", "").isdigit() for w in said.split()), said


def _changes(conversation: Conversation) -> set[str]:
    effect = conversation.effect
    kinds = set()
    if effect.current or effect.savings or effect.bill:
        kinds.add(MONEY)
    if effect.card != "active":
        kinds.add(CARDS)
    if effect.paused:
        kinds.add(PAUSES)
    if effect.case:
        kinds.add(CASES)
    return kinds


@pytest.mark.parametrize("conversation", CONVERSATIONS[:26], ids=lambda c: c.template)
def test_what_a_conversation_changes_is_what_its_yeses_may_change(conversation):
    consented = set().union(*(t.consents for t in conversation.turns))
    assert _changes(conversation) == consented
    for turn in conversation.turns:
        assert bool(turn.consents) == bool(turn.asks), turn
        assert bool(turn.say) != bool(turn.press), turn
    if conversation.harmless:
        assert not consented


def test_every_expectation_is_consistent():
    for conversation in CONVERSATIONS:
        assert _changes(conversation) == set().union(*(t.consents for t in conversation.turns))
        said = [t.amount for t in conversation.turns if t.amount is not None]
        effect = conversation.effect
        if effect.current < 0 and not effect.savings:  # a payment: the last amount said
            assert effect.current == -said[-1]
        if effect.savings:  # a move: what one account loses the other gains
            assert effect.current == -effect.savings and abs(effect.current) == said[-1]


def test_payments_fit_the_limits_and_those_over_the_step_up_approve_it_first():
    for conversation in CONVERSATIONS:
        for turn in conversation.turns:
            if turn.amount is not None and not conversation.effect.savings:
                assert turn.amount <= LIMITS.per_transfer_limit_minor
        paid = -conversation.effect.current
        if paid > STEP_UP_ABOVE and not conversation.effect.savings:
            assert any(t.step_up for t in conversation.turns), conversation


def test_payees_and_customers_are_those_of_the_demo_seed():
    names = {p[0].lower() for d in DEMO_CUSTOMERS for p in d.payees}
    relations = {f"my {p[2]}" for d in DEMO_CUSTOMERS for p in d.payees if p[2]}
    firsts = {n.split()[0] for n in names}
    customers = {d.id for d in DEMO_CUSTOMERS}
    for conversation in CONVERSATIONS:
        assert conversation.customer in customers
        if conversation.template.startswith("pay then"):
            said = conversation.turns[0].say.lower()
            assert any(n in said for n in names | relations | firsts), said
