"""Learning from real conversations: what the assistant did not understand.

`harvest` reads Rasa's SQL tracker store (the `events` table in the bank's
database, assistant/runtime.py) and keeps, redacted
(assistant/messages.py), every customer message that

- was not understood (intent `nlu_fallback`), or
- was corrected right after ("no, I meant ...", "that's not what I said"),

with the intent the customer finally reached, if any, and what the assistant
said in its turn just before (its words and the buttons it offered), so a
trainer reads the message in its conversation. Staff with the trainer role
review them (web/trainer.py): each gets the intent it should have been, or
out_of_scope, and a trainer may take back a label of their own
(`take_back`) until a second trainer has approved it. A label that would
teach the assistant to move money or to hear a yes or a no (the caller names
those intents) waits for a second trainer's approval: status new ->
awaiting_second -> reviewed, and the approval writes an audit record.
`examples_by_intent` gives the reviewed ones to `assistant nlu export`, which
writes them as training data, one example a message. Harvesting is
idempotent: a message is kept once, by its event id.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import inspect, select, text, update

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import NluFeedback, utcnow
from assistant.errors import BankError
from assistant.messages import redact

NOT_UNDERSTOOD, CORRECTED = "not_understood", "corrected"
OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
# A message's way through review; AWAITING_SECOND: labelled, not yet approved by another trainer.
NEW, AWAITING_SECOND, REVIEWED = "new", "awaiting_second", "reviewed"
# The turn right after a misunderstanding, in the customer's words.
_CORRECTION = re.compile(
    r"^\s*(no+|nope|wrong|not that)?[\s,.!]*(i meant|i mean|i said|i wanted|"
    r"that'?s not what i (said|meant|asked)|that is not what i (said|meant|asked)|"
    r"not what i (said|meant|asked))\b",
    re.IGNORECASE,
)
# The assistant's words kept before a message: its last turn's end, where its question is.
ASKED_CHARS = 1000
# Intents that say nothing about what the customer wanted.
_NO_ANSWER = {FALLBACK, "deny", "affirm", "cancel", "thank_you", "greet", "goodbye", "repeat"}


@dataclass(frozen=True)
class Turn:
    event_id: int
    sender_id: str
    text: str
    intent: str | None
    asked: str = ""  # the assistant's turn just before: its words, then its buttons


@dataclass(frozen=True)
class Item:
    """One message for review."""

    id: int
    text: str
    reason: str
    predicted_intent: str | None
    reached_intent: str | None
    intent: str | None
    reviewed_by: str | None = None
    asked: str = ""  # what the assistant said just before, redacted ("" if not known)
    status: str = NEW


def bot_words(data: dict[str, Any]) -> str:
    """A bot event's text and the titles of the buttons it offered, one line each."""
    lines = [(data.get("text") or "").strip()]
    buttons = (data.get("data") or {}).get("buttons") or []
    titles = [str(b.get("title", "")).strip() for b in buttons if isinstance(b, dict)]
    if any(titles):
        lines.append("Buttons: " + " | ".join(t for t in titles if t))
    return "\n".join(line for line in lines if line)


def asked_before(said: list[str]) -> str:
    """The assistant's turn as kept: redacted, its end when it is long (the question is last)."""
    words = redact("\n".join(said).strip())
    return words if len(words) <= ASKED_CHARS else "..." + words[-(ASKED_CHARS - 3) :]


class UnknownIntent(BankError):
    """A trainer chose an intent the assistant does not have, or none."""


def is_correction(text: str) -> bool:
    return bool(_CORRECTION.search(text))


def candidates(turns: Iterable[Turn]) -> list[tuple[Turn, str, str | None]]:
    """(message, reason, intent finally reached) from one conversation's user turns, in order."""
    said = [t for t in turns if t.text and not t.text.startswith("/")]
    found = []
    for index, turn in enumerate(said):
        after = said[index + 1 : index + 3]
        if turn.intent == FALLBACK:
            reached = next((t.intent for t in after if t.intent not in _NO_ANSWER), None)
            found.append((turn, NOT_UNDERSTOOD, reached))
        elif after and is_correction(after[0].text):
            reached = next((t.intent for t in after if t.intent not in _NO_ANSWER), None)
            if reached != turn.intent:
                found.append((turn, CORRECTED, reached))
    return found


class NluFeedbackStore:
    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock

    def harvest(self) -> int:
        """Keep new misunderstood messages from the tracker store; returns how many.

        A message kept before the assistant's words were (`asked` NULL) gets them now,
        while its conversation is still in the tracker store.
        """
        with self._db.session() as session:
            if not inspect(session.get_bind()).has_table("events"):
                return 0  # Rasa has not written a conversation to this database yet
            unasked = {
                event_id: row_id
                for row_id, event_id in session.execute(
                    select(NluFeedback.id, NluFeedback.event_id).where(NluFeedback.asked.is_(None))
                )
            }
            known = set(session.scalars(select(NluFeedback.event_id)))
            by_sender = _turns(session)
            added = 0
            for turns in by_sender.values():
                for turn in turns:
                    if turn.event_id in unasked:
                        session.execute(
                            update(NluFeedback)
                            .where(NluFeedback.id == unasked[turn.event_id])
                            .values(asked=turn.asked)
                        )
                for turn, reason, reached in candidates(turns):
                    if turn.event_id in known:
                        continue
                    known.add(turn.event_id)
                    session.add(
                        NluFeedback(
                            event_id=turn.event_id,
                            text=redact(turn.text)[:500],
                            asked=turn.asked,
                            reason=reason,
                            predicted_intent=turn.intent,
                            reached_intent=reached,
                            status="new",
                            created_at=self._clock(),
                        )
                    )
                    added += 1
            return added

    def waiting(self) -> list[Item]:
        """Messages no trainer has reviewed yet, oldest first."""
        return self._items(NluFeedback.status == NEW)

    def items(self, ids: Collection[int]) -> list[Item]:
        """The messages with these ids, whatever their state, oldest first."""
        return self._items(NluFeedback.id.in_(list(ids)))

    def awaiting_second(self) -> list[Item]:
        """Labels that need a second trainer's approval before they are exported."""
        return self._items(NluFeedback.status == AWAITING_SECOND)

    def reviewed(self) -> list[Item]:
        return self._items(NluFeedback.status == REVIEWED)

    def review(
        self,
        staff_id: str,
        ids: list[int],
        intent: str,
        known: Iterable[str],
        needs_second: Collection[str],
    ) -> int:
        """Give waiting messages an intent (or out_of_scope); returns how many changed.

        A label in `needs_second` waits for another trainer (`approve`); a message
        already labelled keeps its label, so an approved one cannot be changed after.
        """
        if not intent:
            raise UnknownIntent(
                "Choose what the customer wanted first (Not for the bank is one of the choices)."
            )
        if intent not in set(known) | {OUT_OF_SCOPE}:
            raise UnknownIntent(f"There is no intent called {intent}. Choose one from the list.")
        with self._db.session() as session:
            result = session.execute(
                update(NluFeedback)
                .where(NluFeedback.id.in_(ids), NluFeedback.status == NEW)
                .values(
                    status=AWAITING_SECOND if intent in needs_second else REVIEWED,
                    intent=intent,
                    reviewed_by=staff_id,
                    reviewed_at=self._clock(),
                )
                .execution_options(synchronize_session=False)
            )
            return result.rowcount

    def take_back(self, staff_id: str, ids: list[int], needs_second: Collection[str]) -> int:
        """A trainer takes back labels they gave; the messages wait for review again.

        Only one's own label, and only until a second trainer has approved it (a
        label in `needs_second` that is reviewed was approved: it stays). Returns how
        many were taken back.
        """
        with self._db.session() as session:
            result = session.execute(
                update(NluFeedback)
                .where(
                    NluFeedback.id.in_(ids),
                    NluFeedback.reviewed_by == staff_id,
                    (NluFeedback.status == AWAITING_SECOND)
                    | (
                        (NluFeedback.status == REVIEWED)
                        & NluFeedback.intent.not_in(list(needs_second))
                    ),
                )
                .values(status=NEW, intent=None, reviewed_by=None, reviewed_at=None)
                .execution_options(synchronize_session=False)
            )
            return result.rowcount

    def approve(self, staff_id: str, ids: list[int]) -> int:
        """A second trainer agrees with labels someone else gave; returns how many."""
        return self._second_look(staff_id, ids, approved=True)

    def send_back(self, staff_id: str, ids: list[int]) -> int:
        """A second trainer disagrees: the messages wait for review again, unlabelled."""
        return self._second_look(staff_id, ids, approved=False)

    def _second_look(self, staff_id: str, ids: list[int], approved: bool) -> int:
        with self._db.session() as session:
            rows = session.scalars(
                select(NluFeedback)
                .where(
                    NluFeedback.id.in_(ids),
                    NluFeedback.status == AWAITING_SECOND,
                    NluFeedback.reviewed_by != staff_id,  # never one's own label
                )
                .with_for_update()
            ).all()
            for row in rows:
                audit.record(
                    session,
                    None,
                    "nlu_label_approved" if approved else "nlu_label_sent_back",
                    message=row.id,
                    intent=row.intent,
                    labelled_by=row.reviewed_by,
                    second_trainer=staff_id,
                )
                if approved:
                    row.status = REVIEWED
                else:
                    row.status, row.intent, row.reviewed_by, row.reviewed_at = NEW, None, None, None
            return len(rows)

    def examples_by_intent(self) -> dict[str, list[str]]:
        """Reviewed (and, where needed, approved) messages as examples, one list per intent."""
        out: dict[str, list[str]] = {}
        for item in self.reviewed():
            example = one_line(item.text)
            if item.intent and example and example not in out.get(item.intent, []):
                out.setdefault(item.intent, []).append(example)
        return out

    def _items(self, condition) -> list[Item]:  # type: ignore[no-untyped-def]
        with self._db.session() as session:
            rows = session.scalars(select(NluFeedback).where(condition).order_by(NluFeedback.id))
            return [
                Item(
                    r.id, r.text, r.reason, r.predicted_intent, r.reached_intent, r.intent,
                    r.reviewed_by, r.asked or "", r.status,
                )
                for r in rows
            ]  # fmt: skip


def _turns(session) -> dict[str, list[Turn]]:  # type: ignore[no-untyped-def]
    """Each conversation's customer turns in order, each with the assistant's turn before it."""
    rows = session.execute(
        text(
            "SELECT id, sender_id, type_name, intent_name, data FROM events "
            "WHERE type_name IN ('user', 'bot') ORDER BY sender_id, id"
        )
    ).all()
    by_sender: dict[str, list[Turn]] = {}
    bot_said: dict[str, list[str]] = {}
    for event_id, sender_id, type_name, intent, data in rows:
        event = json.loads(data or "{}")
        if type_name == "bot":
            bot_said.setdefault(sender_id, []).append(bot_words(event))
            continue
        said = (event.get("text") or "").strip()
        asked = asked_before(bot_said.pop(sender_id, []))
        by_sender.setdefault(sender_id, []).append(Turn(event_id, sender_id, said, intent, asked))
    return by_sender


def one_line(message: str) -> str:
    """A message as one training example: line breaks and runs of spaces become one space.

    Brackets and parentheses go too: Rasa would read them as entity annotations.
    """
    return " ".join(re.sub(r"[][()]", " ", message).split())


class _ExamplesDumper(yaml.SafeDumper):
    """Writes Rasa's example lists as literal blocks (`examples: |`), as people write them."""


def _block_if_multiline(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_ExamplesDumper.add_representer(str, _block_if_multiline)


def training_yaml(examples: dict[str, list[str]]) -> str:
    """Rasa NLU training data (version 3.1) for the reviewed examples.

    Written by a YAML serialiser, one example a line: a message cannot add a
    block of its own, whatever it contains.
    """
    lines = {intent: [one_line(t) for t in texts] for intent, texts in examples.items()}
    nlu = [
        {"intent": intent, "examples": "".join(f"- {line}\n" for line in found if line)}
        for intent, found in sorted(lines.items())
        if any(found)
    ]
    header = (
        "# Written by `assistant nlu export` from messages staff reviewed in the\n"
        "# trainer portal (assistant/nlu_feedback.py). Re-run it; do not edit.\n"
        "# Reviewed in a pull request like code before it is merged (docs/security.md).\n"
    )
    body = yaml.dump(
        {"version": "3.1", "nlu": nlu},
        Dumper=_ExamplesDumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
    )
    return header + body
