"""The trainer page's one table of plain names: every intent of domain.yml has one."""

from __future__ import annotations

import re

import yaml

from assistant.settings import PROJECT_ROOT
from nlu.skills import labels
from web.trainer_choices import CHOICES, NOT_ASSIGNABLE, by_job, domain_intents, plain_names


def test_every_intent_of_the_domain_has_a_plain_name_and_a_job():
    listed = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["intents"]
    intents = {i if isinstance(i, str) else next(iter(i)) for i in listed} - NOT_ASSIGNABLE
    named = {intent for intent, name in plain_names().items() if name}
    assert intents - named == set(), "intents of domain.yml with no plain name in CHOICES"
    assert named - intents == set(), "rows of CHOICES for intents domain.yml does not have"
    assert set(domain_intents()) == intents
    assert all(c.job for c in CHOICES)


def test_names_are_plain_and_each_is_offered_once():
    names = list(plain_names().values())
    assert len(names) == len(set(names)), "two intents offered by the same words"
    assert len(CHOICES) == len({c.intent for c in CHOICES})
    internal = [n for n in names if re.search(r"_|^[a-z]", n)]
    assert internal == [], "names a person reads, not intent names"
    offered = [intent for _, pairs in by_job() for intent, _ in pairs]
    assert sorted(offered) == sorted(c.intent for c in CHOICES)


def test_a_skill_with_a_button_label_keeps_it_unless_the_row_says_better():
    names = plain_names()
    assert names["pay_bill"] == labels()["pay_bill"] == "Pay a bill"
    assert names["transfer_money"] == "Send money to someone"
    assert names["move_money"] == "Move money between my own accounts"
    assert (names["affirm"], names["deny"]) == ("A yes", "A no")
    assert names["out_of_scope"].startswith("Not for the bank")
