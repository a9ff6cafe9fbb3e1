"""The micro-classroom in conversation: list, start, next, back, quiz, score.

The lesson logic lives in `lessons.tutor.Tutor`; these actions only pass the
learner and the words along and send the tutor's messages. Lessons are open
to every conversation, logged in or not; progress is kept per learner.

The quiz is a form (`lesson_quiz_form`) whose one slot, `quiz_answer`, takes
any text: "B", "the first one" or the words of a choice. The validator scores
it and empties the slot until the last question is answered.
"""

from __future__ import annotations

import abc
import json
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.context import SOMETHING_WENT_WRONG
from actions.conversation.conversation import WHICH_OF_THE_OFFER, asks_to_hear_again
from actions.conversation.followups import follow_up
from actions.conversation_state import previous_bot_button_list
from actions.money.already_done import move_back
from actions.money.read_back import drop_waiting_payment, leave_form, say_waiting_again
from actions.protection.holds import hold_buttons
from actions.protection.scams import answer_told_scam, tells_a_scam_story
from actions.replies import latest_entity, money
from actions.services import bound_customer, services
from lessons import render
from lessons.choice import (
    MORE_LESSONS,
    MORE_PAYLOAD,
    ListReply,
    clearly_picks,
    listed_lessons,
    read_list_reply,
)
from lessons.errors import LessonError
from lessons.rehearsals.play import offer_after_lesson
from lessons.render import quiz_choices
from lessons.tutor import Turn, learner_for
from nlu.replies import wants_the_lesson

log = logging.getLogger(__name__)

PAGE = 4
STAGE = "lesson_stage"
START_LESSON = "/start_lesson"
NO_LESSON = "You are not in a lesson right now. Say 'show me the lessons' to choose one."
AFTER_THE_SCORE = (
    "That lesson is finished. Would you like to take it again, or choose another lesson?"
)


def _learner(tracker: Tracker) -> str:
    return learner_for(bound_customer(tracker), tracker.sender_id)


def list_reply(tracker: Tracker) -> ListReply | None:
    """The latest message read against the lesson list shown just before it, if one was.

    The same reading as the dialogue policy's (lessons/list_policy.py), which sent
    this message here.
    """
    listed = listed_lessons(previous_bot_button_list(tracker))
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return read_list_reply(tracker.latest_message.get("text") or "", intent, listed)


def utter(dispatcher: CollectingDispatcher, message: dict[str, Any]) -> None:
    """One lesson message; its card goes along as custom data for the web chat.

    A lesson's score also offers the practice call of the scam it taught, if there is one.
    """
    card = message.get("card")
    buttons = list(message.get("buttons", []))
    if card and card.get("kind") == "score" and card.get("slug"):
        practice = offer_after_lesson(card["slug"], services().rehearsals)
        buttons = [practice, *buttons] if practice else buttons
    dispatcher.utter_message(
        text=message["text"],
        buttons=buttons,
        json_message={"card": card} if card else None,
    )


def _say(dispatcher: CollectingDispatcher, turn: Turn) -> list[dict[str, Any]]:
    for message in turn.messages:
        utter(dispatcher, message)
    if turn.stage == "none":
        dispatcher.utter_message(text=NO_LESSON)
    # A question said here is not asked again when the quiz form starts.
    return [SlotSet(STAGE, turn.stage), SlotSet("quiz_asked", turn.stage == "quiz")]


class LessonAction(Action, abc.ABC):
    """Runs `lesson_turn`; a lesson error is read out, anything else logged."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        try:
            return self.lesson_turn(dispatcher, tracker)
        except LessonError as error:
            dispatcher.utter_message(text=str(error))
        except Exception:
            log.exception("Action %s failed", self.name())
            dispatcher.utter_message(text=SOMETHING_WENT_WRONG)
        return [SlotSet(STAGE, "none")]

    @abc.abstractmethod
    def lesson_turn(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[dict[str, Any]]:
        """Teach one turn; return the events."""


class ActionListLessons(LessonAction):
    def name(self) -> str:
        return "action_list_lessons"

    def lesson_turn(self, dispatcher, tracker):  # type: ignore[no-untyped-def]
        if wants_the_lesson(tracker.latest_message.get("text") or ""):
            started = start_offered_lesson(dispatcher, tracker)
            if started is not None:
                return started  # "show me that lesson" after a warning offered one
        # As for a lesson asked for by name: a read-back waiting for a yes is not sent.
        dropped = leave_form(dispatcher, tracker) + drop_waiting_payment(dispatcher, tracker)
        return dropped + self.catalogue_turn(dispatcher, tracker)

    def catalogue_turn(self, dispatcher, tracker):  # type: ignore[no-untyped-def]
        """The next few lessons, new and unfinished first, as buttons."""
        catalogue = services().tutor.catalogue(_learner(tracker))
        if not catalogue:
            dispatcher.utter_message(text="There are no lessons to take right now.")
            return [SlotSet(STAGE, "none")]
        # New and unfinished lessons first; each request shows the next few.
        order = {"in_progress": 0, "new": 1, "completed": 2}
        catalogue.sort(key=lambda item: order[item[1]])
        start = _page_start(tracker, len(catalogue))
        buttons = [
            {"title": content.title + (" (finished)" if state == "completed" else ""),
             "payload": render.start_payload(content.slug)}
            for content, state in catalogue[start : start + PAGE]
        ]  # fmt: skip
        buttons.append({"title": MORE_LESSONS, "payload": MORE_PAYLOAD})
        dispatcher.utter_message(
            text="Here are some short safety lessons. Each takes about a minute. "
            "Which one would you like?",
            buttons=buttons,
        )
        return [SlotSet("lessons_shown", str(start + PAGE)), SlotSet(STAGE, "none")]


def _page_start(tracker: Tracker, count: int) -> int:
    """Where this page of the list starts: the first page, unless the list was just shown.

    Right after the list, "More lessons" or "next" turns to the next page, "back"
    to the one before; anything else that lands here shows the same page again.
    """
    if not listed_lessons(previous_bot_button_list(tracker)):
        return 0
    end = int(tracker.get_slot("lessons_shown") or PAGE)  # where the page shown ended
    reply = list_reply(tracker)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if reply is not None and reply.kind == "back":
        start = end - 2 * PAGE
    elif intent == "list_lessons" or (reply is not None and reply.kind == "next"):
        start = end
    else:
        start = end - PAGE
    return start if 0 <= start < count else 0


class ActionStartLesson(LessonAction):
    def name(self) -> str:
        return "action_start_lesson"

    def lesson_turn(self, dispatcher, tracker):  # type: ignore[no-untyped-def]
        svc = services()
        entity = latest_entity(tracker, "lesson")
        slug = str(entity["value"]) if entity else None
        text = tracker.latest_message.get("text") or ""
        # "B", "the second one", a title as shown: a choice from the list just shown;
        # "the safe account one" may name a lesson of another page.
        reply = list_reply(tracker) if slug is None else None
        if reply is not None:
            slug = reply.slug or svc.tutor.find(text)
        if slug is None and reply is None:
            slug = svc.tutor.find(text)
        if slug is None and reply is None:
            slug = offered_lesson(tracker)  # "the lesson please" after a lesson's button
        if slug is None and reply is None:
            current = svc.tutor.current(_learner(tracker))
            slug = current[0].slug if current else None
        if slug is None:
            dropped = leave_form(dispatcher, tracker) + drop_waiting_payment(dispatcher, tracker)
            return dropped + ActionListLessons().catalogue_turn(dispatcher, tracker)
        return _start(dispatcher, tracker, slug)


def _start(dispatcher: CollectingDispatcher, tracker: Tracker, slug: str) -> list[dict[str, Any]]:
    """Start lesson `slug`. A plain read-back waiting for a yes is not sent: said first."""
    interception = _interception_for(tracker, slug)
    dropped = leave_form(dispatcher, tracker) + drop_waiting_payment(dispatcher, tracker)
    turn = services().tutor.start(_learner(tracker), slug, interception)
    return dropped + _say(dispatcher, turn)


def offered_lesson(tracker: Tracker) -> str | None:
    """The lesson the assistant's last turn offered with a button ("Start the lesson",
    "Take the 1-minute lesson"), or None."""
    for offered in previous_bot_button_list(tracker):
        payload = str(offered.get("payload") or "")
        if payload.startswith(START_LESSON):
            try:
                entities = json.loads(payload[len(START_LESSON) :] or "{}")
            except ValueError:
                continue
            if isinstance(entities, dict) and entities.get("lesson"):
                return str(entities["lesson"])
    return None


def start_offered_lesson(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """A yes, "next" or "the lesson please" right after a lesson was offered: that lesson,
    never another one left half-done. None while a lesson is open, or when none was
    offered."""
    if tracker.get_slot(STAGE) in ("step", "quiz"):
        return None
    slug = offered_lesson(tracker)
    return _start(dispatcher, tracker, slug) if slug else None


def _interception_for(tracker: Tracker, slug: str) -> int | None:
    """The paused payment whose warning offered this lesson, if any."""
    customer_id = bound_customer(tracker)
    request_id = tracker.get_slot("pending_request")
    if not (customer_id and request_id):
        return None
    hold = services().payments.hold(customer_id, request_id)
    if hold is None or hold.lesson_slug != slug:
        return None
    return hold.interception_id


class ActionLessonOfTheDay(LessonAction):
    def name(self) -> str:
        return "action_lesson_of_the_day"

    def lesson_turn(self, dispatcher, tracker):  # type: ignore[no-untyped-def]
        content = services().tutor.lesson_of_the_day()
        if content is None:
            dispatcher.utter_message(text="There are no lessons to take right now.")
            return [SlotSet(STAGE, "none")]
        dispatcher.utter_message(
            text=f"Today's lesson is: {content.title}.\n{content.summary}",
            buttons=[
                {"title": "Start the lesson", "payload": render.start_payload(content.slug)},
                {"title": "Other lessons", "payload": "/list_lessons"},
            ],
        )
        return [SlotSet(STAGE, "none")]


class ActionLessonNext(LessonAction):
    def name(self) -> str:
        return "action_lesson_next"

    def lesson_turn(self, dispatcher, tracker):  # type: ignore[no-untyped-def]
        started = start_offered_lesson(dispatcher, tracker)
        if started is not None:
            return started  # "next" right after "Today's lesson is: ..."
        tutor, learner = services().tutor, _learner(tracker)
        current = tutor.current(learner)
        if not current and tracker.get_slot(STAGE) not in ("step", "quiz"):
            # "another one" right after a till code, "and before that?" after the history:
            # no lesson is open, so the words follow the last answer.
            followed = follow_up(tracker, dispatcher)
            if followed is not None:
                return [*followed, SlotSet(STAGE, "none")]
        offered = previous_bot_button_list(tracker)
        if tracker.get_slot(STAGE) not in ("step", "quiz") and _offers_no_lesson(offered):
            # "ok go on" to "I can say it again, or someone can explain it": the
            # words choose nothing, so the offer's own choices, as a question.
            consent.ask(
                dispatcher,
                Question(
                    "choose",
                    WHICH_OF_THE_OFFER,
                    declined="Okay. What would you like to do?",
                    choices=offered,
                ),
            )
            return [SlotSet(STAGE, "none")]
        if current and tracker.get_slot(STAGE) not in ("step", "quiz"):
            # A new conversation ("continue" after logging in again): nothing is on
            # screen, so show where the learner was instead of skipping ahead.
            return _say(dispatcher, tutor.start(learner, current[0].slug))
        return _say(dispatcher, tutor.next(learner))


# Payloads of buttons that lead into the lessons: after them, "go on" is about a lesson.
_LESSON_PAYLOADS = ("/start_lesson", "/list_lessons", "/lesson_", "/lesson_of_the_day")


def _offers_no_lesson(offered: list[dict[str, Any]]) -> bool:
    """The assistant's last turn offered buttons, none of them into the lessons."""
    payloads = [str(b.get("payload") or "") for b in offered]
    return bool(payloads) and not any(p.startswith(_LESSON_PAYLOADS) for p in payloads)


class ActionLessonBack(LessonAction):
    def name(self) -> str:
        return "action_lesson_back"

    def lesson_turn(self, dispatcher, tracker):  # type: ignore[no-untyped-def]
        if tracker.get_slot(STAGE) not in ("step", "quiz") and say_waiting_again(
            dispatcher, tracker
        ):
            # "go back" at a payment's read-back: not about a lesson. No lesson is left
            # open either, which the rules need to know to wait for the customer
            # (data/rules_lessons.yml, "lesson_back leads to none").
            return [SlotSet(STAGE, "none")]
        customer_id = bound_customer(tracker)
        in_lesson = tracker.get_slot(STAGE) in ("step", "quiz")
        moved_back = None
        if customer_id and not in_lesson:
            moved_back = move_back(customer_id, tracker, dispatcher)
        if moved_back is not None:
            # "move it back" right after a move: the reverse move, read back for a yes.
            return [*moved_back, SlotSet(STAGE, "none")]
        turn = services().tutor.back(_learner(tracker))
        after = _score_buttons(tracker) if turn.stage == "none" else []
        if after:
            # "go back" right after the score: the lesson is over; offer what can follow.
            dispatcher.utter_message(text=AFTER_THE_SCORE, buttons=after)
            return [SlotSet(STAGE, "none"), SlotSet("quiz_asked", False)]
        return _say(dispatcher, turn)


def _score_buttons(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons under a lesson's score, when the last reply showed them."""
    buttons = previous_bot_button_list(tracker)
    titles = {b.get("title") for b in buttons}
    if {render.ANOTHER_LESSON, render.TAKE_IT_AGAIN} <= titles:
        return [
            b for b in buttons if b.get("title") in (render.ANOTHER_LESSON, render.TAKE_IT_AGAIN)
        ]
    return []


class ActionAskQuizAnswer(LessonAction):
    """Asks the current question, unless the validator just did."""

    def name(self) -> str:
        return "action_ask_quiz_answer"

    def lesson_turn(self, dispatcher, tracker):  # type: ignore[no-untyped-def]
        if tracker.get_slot("quiz_asked"):
            return [SlotSet("quiz_asked", None)]
        turn = services().tutor.question(_learner(tracker))
        return _say(dispatcher, turn)


class ValidateLessonQuizForm(FormValidationAction):
    def name(self) -> str:
        return "validate_lesson_quiz_form"

    async def extract_quiz_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        """A choice's own words that the classifier took for a request of their own
        ("Hang up, then call your bank on the number on your card" for a lost card). The
        slot's mapping leaves such requests out, so that they leave the quiz; here they
        are the answer when they plainly name a choice of the question just asked."""
        if tracker.get_slot("requested_slot") != "quiz_answer" or tracker.get_slot("quiz_answer"):
            return {}
        text = tracker.latest_message.get("text") or ""
        choices = quiz_choices(previous_bot_button_list(tracker))
        if text.startswith("/") or clearly_picks(choices, text) is None:
            return {}
        return {"quiz_answer": text}

    async def validate_quiz_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        try:
            if intent in ("lesson_back", "help") or asks_to_hear_again(tracker):
                turn = services().tutor.question(_learner(tracker))
            else:
                _, turn = services().tutor.answer(_learner(tracker), str(value or ""))
        except LessonError as error:
            dispatcher.utter_message(text=str(error))
            return {"quiz_answer": "done", STAGE: "none"}
        for message in turn.messages:
            utter(dispatcher, message)
        if turn.stage in ("done", "none"):
            return {"quiz_answer": "done", STAGE: turn.stage}
        # The next question (or the hint) is already said: the form's ask
        # action must not say it again.
        return {"quiz_answer": None, "quiz_asked": True, STAGE: "quiz"}


class ActionLessonStop(Action):
    """Leave the lesson; progress is kept, and a paused payment stays paused."""

    def name(self) -> str:
        return "action_lesson_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if wants_the_lesson(tracker.latest_message.get("text") or ""):
            started = start_offered_lesson(dispatcher, tracker)
            if started is not None:
                return started  # "take the lesson" after its button: no lesson to stop
        dispatcher.utter_message(
            text="Okay, we have stopped the lesson. Say 'continue my lesson' to pick it up later."
        )
        events = [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("quiz_answer", None),
            SlotSet("quiz_asked", None),
            SlotSet(STAGE, "none"),
        ]
        if tells_a_scam_story(tracker):
            # "Stop the lesson. She says she will ring back for more. What should I do":
            # the scam going on is answered too (lessons/scam_signs.py keeps lesson_stop),
            # and no paused payment is brought back in the middle of it.
            return events + answer_told_scam(bound_customer(tracker), dispatcher, tracker)
        return events + await ActionLessonFinished().run(dispatcher, tracker, domain)


class ActionLessonFinished(Action):
    """After the quiz: a paused payment is brought back for a decision."""

    def name(self) -> str:
        return "action_lesson_finished"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        events = [SlotSet("quiz_answer", None), SlotSet("quiz_asked", None)]
        customer_id = bound_customer(tracker)
        request_id = tracker.get_slot("pending_request")
        if customer_id and request_id:
            svc = services()
            if svc.payments.hold(customer_id, request_id) is not None:
                preview = svc.payments.pending(customer_id, request_id)
                if preview is not None:
                    amount = money(preview.amount_minor, preview.currency)
                    dispatcher.utter_message(
                        text=f"Your payment of {amount} to {preview.payee_name} is still "
                        "paused. What would you like to do?",
                        buttons=hold_buttons(None),
                    )
        return events
