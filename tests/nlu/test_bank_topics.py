"""The subjects of bank questions: said back, or answered by a skill after all."""

from nlu.bank_topics import bank_topics
from nlu.skills import SKILLS


def test_a_question_the_history_answers_names_its_skill():
    topic = bank_topics().topic("I just want to know if my pension has come in yet")
    assert topic is not None and topic.answered_by == "transaction_history"


def test_a_question_for_a_person_names_no_skill():
    topic = bank_topics().topic("what's my routing number")
    assert topic is not None and topic.about == "your account's routing number"
    assert topic.answered_by == ""


def test_every_skill_named_is_one():
    named = {t.answered_by for t in bank_topics().topics if t.answered_by}
    assert named <= set(SKILLS)
