"""Playing a rehearsal from the dialogue: the functions a Rasa action calls.

    start(rehearsal_id, store)      -> Reply   the intro and the caller's first line
    answer(state, text, store)      -> Reply   feedback, then the next line or the score
    stop(state, store)              -> Reply   ends the practice at once
    menu(store)                     -> Reply   the practice calls there are, as buttons
    find(text, store)               -> slug    "let me practise the grandchild call"
    offer_after_lesson(lesson, store) -> button the practice that matches a lesson, if any

`Reply.state` is the whole practice call as a small JSON-able dict, for a slot; None
means it is over (clear the slot). `answer` takes what the customer said or the
payload of the button they pressed, as it arrived. Button payloads:

    /rehearsal_answer{"step": "the-call", "answer": 2}   an answer, counted from 1
    /rehearsal_stop                                      the Stop practice button
    /start_rehearsal{"rehearsal": "prize-fee"}           start (or practise again)
    /list_rehearsals                                     another practice call

Each start, scored answer, finish and stop is recorded for the analytics.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lessons.choice import FILLER, WORD, Listed, read_list_reply
from lessons.rehearsals import machine
from lessons.rehearsals.errors import RehearsalNotFound
from lessons.rehearsals.machine import Message, State, Turn
from lessons.rehearsals.store import RehearsalStore
from lessons.rehearsals.words import is_stop

__all__ = ["Reply", "answer", "find", "is_stop", "menu", "offer_after_lesson", "start", "stop"]

NOTHING_ON = "There is no practice call going on. Say 'let me practise' to start one."
GONE = (
    "That practice call is not available any more, so it has ended. It was only practice: "
    "nothing happened to your money."
)


@dataclass
class Reply:
    messages: list[Message]
    """Each {"text": ..., "buttons": [{"title", "payload"}], "card": {...}}: text and
    buttons for every channel; card only for the web chat, as lessons.render's."""
    state: dict[str, Any] | None
    """The practice call to keep in the slot; None once it is over."""


def start(rehearsal_id: str, store: RehearsalStore) -> Reply:
    """Begin the published version of a rehearsal.

    Raises:
        RehearsalNotFound: no such rehearsal is published ("That practice call is not
            available right now.").
    """
    number, content = store.published(rehearsal_id)
    run = secrets.token_hex(8)
    turn = machine.begin(content, run, number)
    store.record(content.slug, number, run, "started")
    return _reply(turn)


def answer(state: Mapping[str, Any] | None, text: str, store: RehearsalStore) -> Reply:
    """The customer's answer, typed, spoken or pressed; a stop ends the practice at once.

    A start button (an older menu's, or Practise again) starts that practice call instead,
    and "Another practice call" shows the menu; the call going on is recorded as stopped.
    """
    current = State.from_json(state)
    chosen = _started(text)
    if chosen is not None or text.strip() == machine.LIST_PAYLOAD:
        if current is not None:
            left = machine.Turn([], None, ended="stopped", score=(current.safe, current.answers))
            _record(store, current, left)
        return start(chosen, store) if chosen is not None else menu(store)
    if current is None:
        return Reply([{"text": NOTHING_ON}], None)
    try:
        content = store.playable(current.rehearsal, current.version)
    except RehearsalNotFound:
        return Reply([{"text": GONE}], None)
    turn = machine.respond(content, current, text)
    _record(store, current, turn)
    return _reply(turn)


def stop(state: Mapping[str, Any] | None, store: RehearsalStore) -> Reply:
    """End the practice now (the Stop practice button, "stop", or leaving for another
    subject)."""
    current = State.from_json(state)
    if current is None:
        return Reply([{"text": NOTHING_ON}], None)
    try:
        content = store.playable(current.rehearsal, current.version)
    except RehearsalNotFound:
        return Reply([{"text": GONE}], None)
    turn = machine.halt(content, current)
    _record(store, current, turn)
    return _reply(turn)


def menu(store: RehearsalStore) -> Reply:
    """The published practice calls as buttons."""
    catalogue = store.catalogue()
    if not catalogue:
        return Reply([{"text": "There are no practice calls right now. Please try later."}], None)
    text = (
        "Which practice call would you like? I play the scammer, and you practise what to "
        "do. It is only practice."
    )
    buttons = [{"title": c.title, "payload": machine.start_payload(c.slug)} for c in catalogue]
    return Reply([{"text": text, "buttons": buttons}], None)


def find(text: str, store: RehearsalStore) -> str | None:
    """The published rehearsal that best matches words such as "let me practise the
    grandchild call"; None when none matches (then offer the `menu`)."""
    lowered = text.lower()
    said = {_stem(w) for w in WORD.findall(lowered) if w not in FILLER} - _GENERIC
    best, best_slug = 0, None
    for content in store.catalogue():
        names = [*content.keywords, content.title, content.slug.replace("-", " ")]
        words = {_stem(w) for p in names for w in WORD.findall(p.lower()) if len(w) > 2}
        phrases = [p for p in content.keywords if " " in p and p in lowered]
        score = len(said & (words - _GENERIC)) + 2 * len(phrases)
        if score > best:
            best, best_slug = score, content.slug
    return best_slug


def offer_after_lesson(lesson_slug: str, store: RehearsalStore) -> dict[str, str] | None:
    """A button to practise the call a lesson teaches about, for the end of that lesson."""
    for content in store.catalogue():
        if content.lesson == lesson_slug:
            return {"title": "Practise this call", "payload": machine.start_payload(content.slug)}
    return None


# Words of a request to practise that name no rehearsal in particular.
_GENERIC = {
    "let", "practise", "practice", "practis", "practic", "call", "phone", "rehearse",
    "rehearsal", "want", "try", "can", "could", "would", "like", "scam", "scammer", "play",
}  # fmt: skip


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _started(text: str) -> str | None:
    """The rehearsal a start button names, or None."""
    text = text.strip()
    if not text.startswith(machine.START_PAYLOAD + "{"):
        return None
    try:
        slug = json.loads(text[len(machine.START_PAYLOAD) :]).get("rehearsal")
    except (ValueError, AttributeError):
        return None
    return slug if isinstance(slug, str) and slug else None


def _record(store: RehearsalStore, before: State, turn: Turn) -> None:
    slug, number, run = before.rehearsal, before.version, before.run
    if turn.decision is not None:
        d = turn.decision
        store.record(
            slug, number, run, "answer",
            step=d.step, move=d.move, move_kind=d.kind, typed=d.typed,
        )  # fmt: skip
    if turn.ended is not None and turn.score is not None:
        safe, out_of = turn.score
        store.record(slug, number, run, turn.ended, score=safe, out_of=out_of)


def _reply(turn: Turn) -> Reply:
    return Reply(turn.messages, turn.state.to_json() if turn.state else None)


def chosen_from_menu(text: str, buttons: Sequence[Mapping[str, Any]]) -> str | None:
    """The practice call a reply right after the `menu` names: by its place ("the fifth
    one"), its title or a word of it ("the prize one", "the computer one, I had one of
    those"); None when the buttons are no menu or the reply names none of them."""
    listed = []
    for button in buttons:
        payload = str(button.get("payload") or "")
        if not payload.startswith(machine.START_PAYLOAD + "{"):
            continue
        try:
            slug = json.loads(payload[len(machine.START_PAYLOAD) :])["rehearsal"]
        except (ValueError, KeyError, TypeError):
            continue
        listed.append(Listed(str(slug), str(button.get("title") or "")))
    if not listed:
        return None
    reply = read_list_reply(text, None, listed)
    return reply.slug if reply is not None and reply.kind == "choose" else None
