"""The trainer's page in the staff portal: teach the assistant from real conversations.

Lists the customers' messages the assistant did not understand or got wrong
(assistant/nlu_feedback.py), grouped by similarity (nlu/feedback_groups.py).
A trainer ticks messages (none is ticked for them), then chooses the intent
they should have been (none is chosen for them), or marks them out of scope.
A label that would teach the assistant to move money or to hear a yes or a
no waits until a second trainer, another staff account, approves it;
`assistant nlu export` writes the reviewed ones as training data for the
next training. Staff without the trainer role are refused; log-in, session
and CSRF are the portal's (web/portal.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from assistant.bank.staff import TRAINER
from assistant.nlu_feedback import OUT_OF_SCOPE, NluFeedbackStore, UnknownIntent
from assistant.settings import PROJECT_ROOT
from nlu.components import MONEY_MOVING_INTENTS
from nlu.feedback_groups import group
from web.portal import staff_required
from web.services import services

bp = Blueprint("trainer", __name__, url_prefix="/educator/trainer")
# Intents a trainer may not assign: they are not something a customer says.
NOT_ASSIGNABLE = {OUT_OF_SCOPE, "nlu_fallback"}
# Labels one trainer alone cannot teach: what moves money, and the yes and no that
# confirm or cancel it. A poisoned example here would turn words into a payment.
NEEDS_SECOND_TRAINER = frozenset({"affirm", "deny", *MONEY_MOVING_INTENTS})


@lru_cache(maxsize=4)
def intents(domain: Path = PROJECT_ROOT / "domain.yml") -> tuple[str, ...]:
    """The assistant's intents, from its domain, in the domain's order."""
    listed = yaml.safe_load(domain.read_text())["intents"]
    names = [i if isinstance(i, str) else next(iter(i)) for i in listed]
    return tuple(n for n in names if n not in NOT_ASSIGNABLE)


def _store() -> NluFeedbackStore:
    return services().bank.nlu_feedback


def _embed(texts: list[str]) -> Any:
    """Sentence embeddings; the encoder loads on the first use, once per app."""
    web = services()
    if web.sentence_encoder is None:
        from nlu.minilm import SentenceEncoder

        web.sentence_encoder = SentenceEncoder.load()
    return web.sentence_encoder.encode(texts)


def _ticked() -> list[int]:
    """The messages the form names (ticked boxes, or the one a button is for)."""
    return [int(i) for i in request.form.getlist("message") if i.isdigit()]


def _refuse_others() -> ResponseReturnValue | None:
    if g.actor.role != TRAINER:
        message = "This page is for staff with the trainer role."
        return render_template("portal/message.html", title="Not allowed", message=message), 403
    return None


@bp.get("/")
@staff_required
def messages() -> ResponseReturnValue:
    refused = _refuse_others()
    if refused:
        return refused
    store = _store()
    store.harvest()
    waiting = store.waiting()
    groups = [[waiting[i] for i in g] for g in group([m.text for m in waiting], _embed)]
    return render_template(
        "trainer/messages.html",
        groups=groups,
        intents=intents(),
        reviewed=len(store.reviewed()),
        awaiting=store.awaiting_second(),
        me=g.actor.id,
        needs_second=NEEDS_SECOND_TRAINER,
    )


@bp.post("/review")
@staff_required
def review() -> ResponseReturnValue:
    refused = _refuse_others()
    if refused:
        return refused
    ids = _ticked()
    intent = OUT_OF_SCOPE if "out_of_scope" in request.form else request.form.get("intent", "")
    if not ids:
        flash("Please tick at least one message first.", "error")
        return redirect(url_for("trainer.messages"))
    try:
        changed = _store().review(g.actor.id, ids, intent, intents(), NEEDS_SECOND_TRAINER)
    except UnknownIntent as unknown:
        flash(str(unknown), "error")
        return redirect(url_for("trainer.messages"))
    what = "out of scope" if intent == OUT_OF_SCOPE else f"as {intent}"
    flash(f"Marked {changed} message{'s' if changed != 1 else ''} {what}.", "info")
    if changed and intent in NEEDS_SECOND_TRAINER:
        flash("Another trainer must approve this label before it is used.", "info")
    return redirect(url_for("trainer.messages"))


@bp.post("/second-look")
@staff_required
def second_look() -> ResponseReturnValue:
    """Another trainer approves a label that moves money or confirms, or sends it back."""
    refused = _refuse_others()
    if refused:
        return refused
    ids = _ticked()
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
