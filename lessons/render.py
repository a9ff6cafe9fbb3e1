"""How lessons look in a chat: short messages with big buttons.

A message is `{"text": ..., "buttons": [{"title", "payload"}], "card": {...}}`:
text and buttons are what every channel shows; `card` tells the web chat to
draw the message as a lesson card (kind: lesson, step, question, feedback,
score) and is ignored elsewhere. A step's card carries its picture, when it has one:
`{"file", "alt", "width", "height"}`; the web app adds its address, the Matrix bot
sends it as an image with the alt text as its body, and speech says the alt text.
The same functions make the educators' preview, so the preview is exactly what a
customer sees.
"""

from __future__ import annotations

import json
from typing import Any

from lessons.format import LETTERS, LessonContent, Picture, Question, Step
from lessons.pictures import file_name

# The buttons under a lesson's score: what a learner can do once it is over.
ANOTHER_LESSON = "Another lesson"
TAKE_IT_AGAIN = "Take it again"
Message = dict[str, Any]


def _button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}


def start_payload(slug: str) -> str:
    return "/start_lesson" + json.dumps({"lesson": slug})


def intro(content: LessonContent) -> Message:
    minutes = "1 minute" if content.minutes == 1 else f"{content.minutes} minutes"
    return {
        "text": f"Lesson: {content.title}.\n{content.summary}\n"
        f"It takes about {minutes}: {len(content.steps)} short steps, then a short quiz.",
        "card": {"kind": "lesson", "lesson": content.title},
    }


def step(content: LessonContent, index: int) -> Message:
    item = content.steps[index]
    buttons = [_button("Next", "/lesson_next"), _button("Repeat", "/repeat")]
    if index > 0:
        buttons.append(_button("Back", "/lesson_back"))
    buttons.append(_button("Stop the lesson", "/cancel"))
    card = _card("step", content, index + 1, len(content.steps))
    if item.picture is not None and item.picture.sha256:
        card["picture"] = picture_card(item.picture)
    return {
        "text": step_text(item, index + 1, len(content.steps)),
        "buttons": buttons,
        "card": card,
    }


def step_text(item: Step, number: int, of: int) -> str:
    """A step's words as the chat shows and says them, under the card's heading; also what
    the lesson form's Listen button reads, so the two cannot drift apart."""
    return f"Step {number} of {of}: {item.title}.\n{item.text}"


def picture_card(picture: Picture) -> dict[str, Any]:
    """A picture as a card carries it: which file, what it shows, how big."""
    return {
        "file": file_name(picture),
        "alt": picture.alt,
        "width": picture.width,
        "height": picture.height,
    }


def question(content: LessonContent, index: int) -> Message:
    item: Question = content.quiz[index]
    lines = [f"Question {index + 1} of {len(content.quiz)}: {item.question}"]
    lines += [f"{LETTERS[i]}. {choice}" for i, choice in enumerate(item.choices)]
    return {
        "text": "\n".join(lines),
        "buttons": [
            _button(f"{LETTERS[i]}. {choice}", LETTERS[i]) for i, choice in enumerate(item.choices)
        ],
        "card": _card("question", content, index + 1, len(content.quiz)),
    }


def quiz_choices(buttons: list[dict[str, Any]]) -> list[str]:
    """The choices of a quiz question, from the buttons `question` made ("A. ..." with the
    payload "A"); [] when the buttons are not a question's."""
    titles = {b.get("payload"): str(b.get("title") or "") for b in buttons}
    choices = []
    for letter in LETTERS:
        title = titles.get(letter, "")
        if not title.startswith(f"{letter}. "):
            break
        choices.append(title[len(letter) + 2 :])
    return choices


def _sentence(text: str) -> str:
    """The text ending as a sentence: a choice ("Call your bank at once") has no full stop,
    and without one a voice, or a channel that joins lines, runs it into the next sentence."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", '."', '?"', '!"')) else text + "."


def feedback(item: Question, chosen: int) -> Message:
    explanation = _sentence(item.explanation)
    if chosen == item.answer:
        return {"text": f"That's right. {explanation}", "card": {"kind": "feedback"}}
    right = _sentence(f"{LETTERS[item.answer]}. {item.choices[item.answer]}")
    return {
        "text": f"Not quite. The answer is {right}\n{explanation}",
        "card": {"kind": "feedback"},
    }


def score(content: LessonContent, correct: int) -> Message:
    total = len(content.quiz)
    praise = "Well done!" if correct == total else "Thank you for taking the lesson."
    return {
        "text": f"You got {correct} of {total} right. {praise}",
        "buttons": [
            _button(ANOTHER_LESSON, "/list_lessons"),
            _button(TAKE_IT_AGAIN, start_payload(content.slug)),
        ],
        "card": {"kind": "score", "lesson": content.title, "slug": content.slug},
    }


def _card(kind: str, content: LessonContent, number: int, of: int) -> dict[str, Any]:
    return {"kind": kind, "lesson": content.title, "number": number, "of": of}


def preview(content: LessonContent) -> list[Message]:
    """The whole lesson as the chat shows it, from the intro to the last question."""
    messages = [intro(content)]
    messages += [step(content, i) for i in range(len(content.steps))]
    messages += [question(content, i) for i in range(len(content.quiz))]
    return messages


def review(content: LessonContent) -> list[Message]:
    """The preview for educators and reviewers: each question also names its right
    answer and gives its explanation, which a learner only sees after answering."""
    messages = preview(content)
    first = 1 + len(content.steps)
    for item, message in zip(content.quiz, messages[first:], strict=True):
        message["right"] = {
            "letter": LETTERS[item.answer],
            "choice": item.choices[item.answer],
            "explanation": _sentence(item.explanation),
        }
    return messages
