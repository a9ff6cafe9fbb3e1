"""The trainer's page in the staff portal: teach the assistant from real conversations.

The queue lists, PAGE_SIZE to a page, the customers' messages the assistant did not
understand or got wrong (assistant/nlu_feedback.py), alike ones together
(web/trainer_queue.py), each under what the assistant had said just before. A trainer
opens one, reads it in its conversation, may tick alike messages that mean the same
(none is ticked for them), and chooses what the customer wanted by its plain name,
grouped by job (web/trainer_choices.py; nothing is chosen for them, and Save waits for a
choice); then the next message opens. Any label given in this portal session can be
taken back, and the message waits again, until a second trainer has approved it.

A label that would teach the assistant to move money or to hear a yes or a no waits
until a second trainer, another staff account, approves it; `assistant nlu export`
writes the reviewed ones as training data for the next training. Staff without the
trainer role are refused; log-in, session and CSRF are the portal's (web/portal.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from assistant.bank.staff import TRAINER
from assistant.nlu_feedback import AWAITING_SECOND, NEW, Item, NluFeedbackStore, UnknownIntent
from nlu.components import MONEY_MOVING_INTENTS
from web.portal import staff_required
from web.services import services
from web.trainer_choices import by_job, domain_intents, plain
from web.trainer_queue import (
    ALIKE_SHOWN,
    JUST_SAVED,
    forget,
    labelled,
    page,
    page_of,
    queue,
    remember,
)

bp = Blueprint("trainer", __name__, url_prefix="/educator/trainer")
# Labels one trainer alone cannot teach: what moves money, and the yes and no that
# confirm or cancel it. A poisoned example here would turn words into a payment.
NEEDS_SECOND_TRAINER = frozenset({"affirm", "deny", *MONEY_MOVING_INTENTS})
# Messages after the one being labelled (the queue's first ones after its last), to open
# the next one still waiting once it is saved.
NEXT_KEPT = 25


@bp.app_template_filter("plain")
def _plain(intent: str | None) -> str:
    return plain(intent)


def trainer_required(
    view: Callable[..., ResponseReturnValue],
) -> Callable[..., ResponseReturnValue]:
    """A live staff session with the trainer role; other staff are refused."""

    @staff_required
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if g.actor.role != TRAINER:
            message = "This page is for staff with the trainer role."
            return render_template("portal/message.html", title="Not allowed", message=message), 403
        return view(*args, **kwargs)

    return wrapper


def _store() -> NluFeedbackStore:
    return services().bank.nlu_feedback


def _embed(texts: list[str]) -> Any:
    """Sentence embeddings; the encoder loads on the first use, once per app."""
    web = services()
    if web.sentence_encoder is None:
        from nlu.minilm import SentenceEncoder

        web.sentence_encoder = SentenceEncoder.load()
    return web.sentence_encoder.encode(texts)


def _ids(field: str = "message") -> list[int]:
    """The messages the form names (ticked boxes, or the one a button is for)."""
    return [int(i) for i in request.form.getlist(field) if i.isdigit()]


def _quoted(items: list[Item]) -> str:
    """Messages as a person reads them in a notice: the first, and how many more."""
    first = f"\u201c{items[0].text}\u201d"
    more = len(items) - 1
    return first + (f" and {more} alike message{'s' if more != 1 else ''}" if more else "")


def _just_saved() -> list[Item]:
    """The last save of this trainer's, shown once with its take-back button."""
    return _store().items(session.pop(JUST_SAVED, []))


@bp.get("/")
@trainer_required
def messages() -> ResponseReturnValue:
    store = _store()
    store.harvest()
    rows = queue(store.waiting(), _embed)
    shown = page(rows, request.args.get("page"))
    mine = {i.id: i for i in store.items(labelled(session))}
    return render_template(
        "trainer/messages.html",
        page=shown,
        reviewed=len(store.reviewed()),
        awaiting=store.awaiting_second(),
        me=g.actor.id,
        needs_second=sorted(plain(i) for i in NEEDS_SECOND_TRAINER),
        labelled=[mine[i] for i in labelled(session) if i in mine],
        just_saved=_just_saved(),
        can_take_back=_can_take_back,
    )


@bp.get("/messages/<int:message_id>")
@trainer_required
def label(message_id: int) -> ResponseReturnValue:
    """One message in its conversation, alike ones to tick, and what the customer wanted."""
    rows = queue(_store().waiting(), _embed)
    at = next((n for n, row in enumerate(rows) if row.item.id == message_id), None)
    if at is None:
        flash("That message is not waiting any more: a trainer has labelled it.", "info")
        return redirect(url_for("trainer.messages"))
    row = rows[at]
    alike = [r.item for r in rows if r.group == row.group and r is not row]
    return render_template(
        "trainer/label.html",
        row=row,
        alike=alike[:ALIKE_SHOWN],
        more_alike=max(0, len(alike) - ALIKE_SHOWN),
        jobs=by_job(),
        following=",".join(str(r.item.id) for r in (rows[at + 1 :] + rows[:at])[:NEXT_KEPT]),
        back=page_of(rows, message_id),
        just_saved=_just_saved(),
        can_take_back=_can_take_back,
        needs_second=NEEDS_SECOND_TRAINER,
    )


@bp.post("/review")
@trainer_required
def review() -> ResponseReturnValue:
    ids = _ids()
    intent = request.form.get("intent", "")
    if not ids:
        flash("Please choose a message to label first.", "error")
        return redirect(url_for("trainer.messages"))
    store = _store()
    try:
        changed = store.review(g.actor.id, ids, intent, domain_intents(), NEEDS_SECOND_TRAINER)
    except UnknownIntent as unknown:
        flash(str(unknown), "error")
        return redirect(url_for("trainer.label", message_id=ids[0]))
    saved = [i for i in store.items(ids) if i.reviewed_by == g.actor.id and i.intent == intent]
    if not changed or not saved:
        flash("Nothing was saved: another trainer labelled this message first.", "error")
        return redirect(url_for("trainer.messages"))
    remember(session, [i.id for i in saved])
    following = [int(i) for i in request.form.get("following", "").split(",") if i.isdigit()]
    still = [i.id for i in store.items(following) if i.status == NEW]
    if still:
        return redirect(url_for("trainer.label", message_id=min(still, key=following.index)))
    return redirect(url_for("trainer.messages"))


def _can_take_back(item: Item) -> bool:
    """A label of this trainer's not yet approved by a second one."""
    return item.reviewed_by == g.actor.id and (
        item.status == AWAITING_SECOND
        or (item.status != NEW and item.intent not in NEEDS_SECOND_TRAINER)
    )


@bp.post("/take-back")
@trainer_required
def take_back() -> ResponseReturnValue:
    """Labels given in this session are taken back: the messages wait for review again."""
    ids = [i for i in _ids() if i in labelled(session)]
    if not ids:
        flash("Only labels you gave since you logged in can be taken back here.", "error")
        return redirect(url_for("trainer.messages"))
    store = _store()
    before = store.items(ids)
    changed = store.take_back(g.actor.id, ids, NEEDS_SECOND_TRAINER)
    back = [i for i in before if _can_take_back(i)]
    if changed and back:
        forget(session, [i.id for i in back])
        flash(f"Taken back: {_quoted(back)} {'is' if len(back) == 1 else 'are'} waiting "
              "for review again. Choose what the customer wanted, or go back to the list.",
              "info")  # fmt: skip
        return redirect(url_for("trainer.label", message_id=back[0].id))
    if all(i.status == NEW for i in before):
        forget(session, ids)
        flash("That message is waiting for review already: its label was taken back or "
              "sent back by a second trainer.", "info")  # fmt: skip
        return redirect(url_for("trainer.messages"))
    flash(
        "That label cannot be taken back: a second trainer has approved it. Ask for it to "
        "be left out where the reviewed examples are checked (data/nlu/reviewed.yml).",
        "error",
    )
    return redirect(url_for("trainer.messages"))


@bp.post("/second-look")
@trainer_required
def second_look() -> ResponseReturnValue:
    """Another trainer approves a label that moves money or confirms, or sends it back."""
    ids = _ids()
    store = _store()
    if "approve" in request.form:
        changed, what = store.approve(g.actor.id, ids), "approved"
    else:
        changed, what = store.send_back(g.actor.id, ids), "sent back for review"
    if changed:
        flash(f"{changed} label{'s' if changed != 1 else ''} {what}.", "info")
    else:
        flash("Nothing changed: a label needs a trainer other than the one who gave it.", "error")
    return redirect(url_for("trainer.messages"))
