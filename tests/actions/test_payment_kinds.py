"""One table of payment kinds: the bank's, the words of each, and how each is amended."""

from __future__ import annotations

from actions.money.amend import AMENDABLE_KINDS, PREPARE_AGAIN
from actions.money.payment_kinds import SAID, said_as
from assistant.bank.payment_kinds import KINDS, TRANSFER
from nlu import skills


def test_every_kind_of_the_bank_has_its_words_and_its_way_to_be_amended() -> None:
    assert set(SAID) == set(KINDS)
    assert set(PREPARE_AGAIN) == set(KINDS)
    assert set(AMENDABLE_KINDS) == set(KINDS)


def test_every_kind_is_prepared_by_a_skill_that_moves_money() -> None:
    started = {s.payment_kind: s for s in skills.SKILLS.values() if s.payment_kind}
    assert set(started) == set(KINDS)
    assert all(s.moves_money and s.read_back for s in started.values())


def test_a_kind_not_known_is_said_as_a_transfer() -> None:
    assert said_as("something_new") is SAID[TRANSFER.name]
    assert said_as(None) is SAID[TRANSFER.name]


def test_only_a_move_between_own_accounts_is_undone_by_moving_it_back() -> None:
    assert [name for name, said in SAID.items() if said.moved_back] == ["own_transfer"]
