"""A practice call as a pure state machine: content and a small JSON state in, replies out.

    begin(content, run)          -> Turn: the practice's intro and the caller's first line
    respond(content, state, said) -> Turn: feedback on the answer, then the next line or the end
    halt(content, state)          -> Turn: the practice ended at once

Nothing here reads a database or a clock, so a turn depends only on what goes in, and
the state fits in a Rasa slot (`State.to_json()`). play.py loads the content and records
the analytics.

How an answer is read, in order: the Stop button or a stop in words ends the practice
at once; a button of this step (its payload, its exact words, or "the first one") is
that answer; an old button is told apart and the step is shown again; anything else is
read by words.py. A move the step has an answer for takes that answer; a safe or
risky move it has none for gets that move's own feedback (moves.py) and goes where the
step's first answer of that kind goes, or ends the call when the customer hung up,
checked with the bank or told someone. An unclear answer is asked about, with the
step's buttons, and never scored; a second unclear answer hears the buttons again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from lessons.choice import position, words_of
from lessons.rehearsals.format import END, Answer, RehearsalContent, Step
from lessons.rehearsals.moves import MOVES, NEUTRAL, RISKY, SAFE
from lessons.rehearsals.words import MOVE, STOP, read_answer

Message = dict[str, Any]

ANSWER_PAYLOAD = "/rehearsal_answer"
STOP_PAYLOAD = "/rehearsal_stop"
START_PAYLOAD = "/start_rehearsal"
LIST_PAYLOAD = "/list_rehearsals"
STOP_TITLE = "Stop practice"
# What marks every line of the scammer as practice, in every channel and in speech.
PRACTICE_MARK = "Practice call. The caller says:"
# Safe moves that end the call themselves when a step has no answer written for them.
_ENDS_THE_CALL = {"hang_up", "verify_with_bank", "tell_someone"}
_STATE_VERSION = 1
_RUN = re.compile(r"^[0-9a-f]{8,32}$")


@dataclass
class State:
    """Where a practice call is: small enough for a Rasa slot (`to_json`)."""

    rehearsal: str
    """The rehearsal's slug."""
    version: int
    """The version being played, so a new publication mid-call changes nothing."""
    step: str
    """The id of the step whose line the customer is answering."""
    run: str
    """A random id of this practice call, which ties its analytics events together."""
    safe: int = 0
    """Safe moves made."""
    answers: int = 0
    """Answers scored (safe, risky, and neutral ones the step had an answer for)."""
    unclear: int = 0
    """Unclear answers in a row at this step."""

    def to_json(self) -> dict[str, Any]:
        return {"v": _STATE_VERSION, **asdict(self)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> State | None:
        """The state from a slot, or None when it is missing or not one of ours."""
        if not isinstance(data, Mapping) or data.get("v") != _STATE_VERSION:
            return None
        try:
            state = cls(
                rehearsal=str(data["rehearsal"]),
                version=int(data["version"]),
                step=str(data["step"]),
                run=str(data["run"]),
                safe=int(data.get("safe", 0)),
                answers=int(data.get("answers", 0)),
                unclear=int(data.get("unclear", 0)),
            )
        except (KeyError, TypeError, ValueError):
            return None
        ok = _RUN.match(state.run) and 0 <= state.safe <= state.answers <= 50
        return state if ok and 0 <= state.unclear <= 10 else None


@dataclass(frozen=True)
class Decision:
    """One scored answer, for the analytics."""

    step: str
    move: str
    kind: str
    """safe, risky or neutral."""
    typed: bool
    """Said in words rather than pressed."""


@dataclass
class Turn:
    """What the assistant says, the state to keep (None once the call is over) and what
    happened (for the analytics)."""

    messages: list[Message]
    state: State | None
    decision: Decision | None = None
    ended: str | None = None
    """finished or stopped, on the turn the call ends."""
    score: tuple[int, int] | None = None
    """Safe moves and answers scored, on the turn the call ends."""


# -- the turns ----------------------------------------------------------------------


def begin(content: RehearsalContent, run: str, version: int) -> Turn:
    first = content.steps[0]
    state = State(content.slug, version, first.id, run)
    intro = {
        "text": f"Let's practise: {content.title}. I will play the scammer. This is only "
        "practice, so nothing you say touches your money. Answer in your own words or "
        "press a button. Say stop at any time.",
        "card": _card("rehearsal", content),
    }
    return Turn([intro, caller_line(content, first)], state)


def respond(content: RehearsalContent, state: State, said: str) -> Turn:
    state = replace(state)  # the caller's state is left as it was
    step = _step(content, state.step)
    if step is None:
        return halt(content, state)
    said = (said or "").strip()
    if said in (STOP_PAYLOAD, "/cancel", "/stop"):
        return halt(content, state)
    pressed = _pressed(step, said)
    if pressed == "old":
        lead = {"text": "That button was from earlier in the call. Here is where we are now."}
        return Turn([lead, caller_line(content, step)], state)
    if isinstance(pressed, int):
        return _take(content, state, step, step.answers[pressed], typed=False)
    if said.startswith("/"):
        return _unclear(content, state, step, ())
    reading = read_answer(said)
    if reading.kind == STOP:
        return halt(content, state)
    if reading.kind != MOVE:
        return _unclear(content, state, step, reading.moves)
    written = next((a for m in reading.moves for a in step.answers if a.move == m), None)
    if written is not None:
        return _take(content, state, step, written, typed=True)
    return _unwritten(content, state, step, reading.moves[0])


def halt(content: RehearsalContent, state: State) -> Turn:
    text = (
        "The practice call has ended. It was only practice: nothing happened to your money.\n"
        f"The one thing to remember: {_sentence(content.remember)}"
    )
    return Turn(
        [
            {
                "text": text,
                "buttons": _after_buttons(content),
                "card": _card("rehearsal_end", content),
            }
        ],
        None,
        ended="stopped",
        score=(state.safe, state.answers),
    )


# -- how each turn is made -----------------------------------------------------------


def caller_line(content: RehearsalContent, step: Step) -> Message:
    """The scammer's line, marked as practice, with the step's answers as buttons."""
    return {
        "text": f'{PRACTICE_MARK} "{step.caller}"\nWhat do you do?',
        "buttons": _buttons(step),
        "card": {**_card("rehearsal_step", content), "practice": True},
    }


def answer_payload(step_id: str, number: int) -> str:
    return ANSWER_PAYLOAD + json.dumps({"step": step_id, "answer": number})


def start_payload(slug: str) -> str:
    return START_PAYLOAD + json.dumps({"rehearsal": slug})


def _buttons(step: Step) -> list[dict[str, str]]:
    buttons = [
        {"title": a.answer, "payload": answer_payload(step.id, n)}
        for n, a in enumerate(step.answers, start=1)
    ]
    return [*buttons, {"title": STOP_TITLE, "payload": STOP_PAYLOAD}]


def _pressed(step: Step, said: str) -> int | str | None:
    """The index of the step's answer a button or its words name; "old" for a button of
    another step; None otherwise."""
    if said.startswith(ANSWER_PAYLOAD + "{"):
        try:
            data = json.loads(said[len(ANSWER_PAYLOAD) :])
            step_id, number = str(data["step"]), int(data["answer"])
        except (ValueError, KeyError, TypeError):
            return None
        if step_id != step.id or not 1 <= number <= len(step.answers):
            return "old"
        return number - 1
    wanted = " ".join(words_of(said))
    for index, answer in enumerate(step.answers):
        if wanted and wanted == " ".join(words_of(answer.answer)):
            return index
    words = words_of(said)
    return position(words, len(step.answers)) if 0 < len(words) <= 4 else None


def _take(content: RehearsalContent, state: State, step: Step, answer: Answer, typed: bool) -> Turn:
    kind = MOVES[answer.move].kind
    return _advance(content, state, step, answer.move, kind, answer.feedback, answer.next, typed)


def _unwritten(content: RehearsalContent, state: State, step: Step, move: str) -> Turn:
    """A move in words that the step has no answer for: the move's own feedback."""
    kind = MOVES[move].kind
    if kind == NEUTRAL:
        said = {"text": MOVES[move].feedback, "card": _card("rehearsal_feedback", content)}
        state.unclear = 0
        return Turn([said, caller_line(content, step)], state)
    if move in _ENDS_THE_CALL:
        next_id = END
    else:
        same = [a for a in step.answers if MOVES[a.move].kind == kind]
        next_id = same[0].next if same else END
    return _advance(content, state, step, move, kind, MOVES[move].feedback, next_id, typed=True)


def _advance(
    content: RehearsalContent,
    state: State,
    step: Step,
    move: str,
    kind: str,
    feedback: str,
    next_id: str,
    typed: bool,
) -> Turn:
    state.answers += 1
    state.safe += kind == SAFE
    state.unclear = 0
    lead = {SAFE: "Safe choice. ", RISKY: "Risky choice. "}.get(kind, "")
    said = {
        "text": lead + _sentence(feedback),
        "card": {**_card("rehearsal_feedback", content), "move": kind},
    }
    decision = Decision(step.id, move, kind, typed)
    following = _step(content, next_id) if next_id != END else None
    if following is None:
        score = (state.safe, state.answers)
        return Turn([said, _score(content, state)], None, decision, "finished", score)
    state.step = following.id
    return Turn([said, caller_line(content, following)], state, decision)


def _unclear(content: RehearsalContent, state: State, step: Step, moves: tuple[str, ...]) -> Turn:
    state.unclear += 1
    kinds = {MOVES[m].kind for m in moves}
    if {SAFE, RISKY} <= kinds:
        text = "I heard a safe move and a risky one. Which one would you do?"
    elif state.unclear == 1:
        text = "I did not catch what you would do. In this practice call, which of these is it?"
    else:
        text = "I still did not catch it. Please press one of the buttons, or say stop."
    text += " You can also say stop to end the practice." if state.unclear == 1 else ""
    return Turn(
        [{"text": text, "buttons": _buttons(step), "card": _card("rehearsal_question", content)}],
        state,
    )


def _score(content: RehearsalContent, state: State) -> Message:
    choices = "choice" if state.safe == 1 else "choices"
    text = (
        f"The practice call is over. You made {state.safe} safe {choices} out of {state.answers}."
    )
    if state.answers and state.safe == state.answers:
        text += " Well done!"
    text += f"\nThe one thing to remember: {_sentence(content.remember)}"
    return {
        "text": text,
        "buttons": _after_buttons(content),
        "card": _card("rehearsal_score", content),
    }


def _after_buttons(content: RehearsalContent) -> list[dict[str, str]]:
    return [
        {"title": "Practise again", "payload": start_payload(content.slug)},
        {"title": "Another practice call", "payload": LIST_PAYLOAD},
    ]


def _card(kind: str, content: RehearsalContent) -> dict[str, Any]:
    """What the web chat draws a message as: a card headed "Practice call" (cards.js), with
    the practice call's title; other channels show the text alone."""
    return {"kind": kind, "rehearsal": content.title}


def _step(content: RehearsalContent, step_id: str) -> Step | None:
    return next((s for s in content.steps if s.id == step_id), None)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", '."', '?"', '!"')) else text + "."


def preview(content: RehearsalContent) -> list[dict[str, Any]]:
    """Every step as the chat shows it, each answer with its kind, feedback and next step:
    what the portal shows an educator or a reviewer."""
    rows = []
    for step in content.steps:
        line = caller_line(content, step)
        line["answers"] = [
            {
                "answer": a.answer,
                "move": a.move,
                "kind": MOVES[a.move].kind,
                "feedback": a.feedback,
                "next": a.next,
            }
            for a in step.answers
        ]
        line["id"] = step.id
        rows.append(line)
    return rows
