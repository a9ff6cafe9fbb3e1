"""The lesson-list policy on real Rasa trackers and the project's domain."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from lessons import render
from lessons.list_policy import LessonListPolicy

ROOT = Path(__file__).resolve().parents[2]
LIST = [
    {"title": "How your savings are protected",
     "payload": render.start_payload("deposit-insurance-basics")},
    {"title": "The first hour after a scam",
     "payload": render.start_payload("first-hour-after-a-scam")},
    {"title": "Your PIN and codes are only for you",
     "payload": render.start_payload("keep-pins-secret")},
    {"title": "More lessons", "payload": "/list_lessons"},
]  # fmt: skip
SCORE = [
    {"title": render.ANOTHER_LESSON, "payload": "/list_lessons"},
    {"title": render.TAKE_IT_AGAIN, "payload": render.start_payload("keep-pins-secret")},
]


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def policy(tmp_path):
    return LessonListPolicy.create(
        LessonListPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("lesson_list"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def after(buttons, text, intent, *then):
    """A conversation: the assistant's reply with these buttons, then the customer's text."""
    events = [
        ActionExecuted("action_listen"),
        UserUttered("show me the lessons", {"name": "list_lessons", "confidence": 1.0}),
        ActionExecuted("action_list_lessons"),
        BotUttered("Which one would you like?", {"buttons": buttons}),
        ActionExecuted("action_listen"),
        UserUttered(text, {"name": intent, "confidence": 0.8}),
        *then,
    ]
    return DialogueStateTracker.from_events("s-1", events)


def predicted(policy, domain, tracker):
    prediction = policy.predict_action_probabilities(tracker, domain)
    if max(prediction.probabilities) == 0:
        return None
    return domain.action_names_or_texts[prediction.max_confidence_index]


@pytest.mark.parametrize(
    ("text", "intent", "action"),
    [
        ("B", "affirm", "action_start_lesson"),
        ("the second one", "inform", "action_start_lesson"),
        ("Your PIN and codes are only for you", "change_pin", "action_start_lesson"),
        ("next", "lesson_next", "action_list_lessons"),
        ("back", "lesson_back", "action_list_lessons"),
        ("i lost my card", "report_lost_card", None),
        ("the bank told me to move my money to a safe account", "scam_story", None),
        ("repeat that", "repeat", None),
    ],
)
def test_a_reply_to_the_list_goes_to_the_lesson_actions(policy, domain, text, intent, action):
    assert predicted(policy, domain, after(LIST, text, intent)) == action


def test_nothing_is_predicted_after_a_reply_with_no_list(policy, domain):
    assert predicted(policy, domain, after(SCORE, "B", "affirm")) is None


def test_after_its_action_the_assistant_listens(policy, domain):
    tracker = after(LIST, "B", "affirm", ActionExecuted("action_start_lesson"))
    assert predicted(policy, domain, tracker) == "action_listen"


def test_a_lesson_resumed_at_its_quiz_starts_the_quiz_form(policy, domain):
    tracker = after(
        LIST, "B", "affirm", ActionExecuted("action_start_lesson"), SlotSet("lesson_stage", "quiz")
    )
    assert predicted(policy, domain, tracker) == "lesson_quiz_form"
