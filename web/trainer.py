"""The trainer's page in the staff portal: teach the assistant from real conversations.

Lists the customers' messages the assistant did not understand or got wrong
(assistant/nlu_feedback.py), grouped by similarity (nlu/feedback_groups.py).
A trainer ticks messages, then gives them the intent they should have been,
or marks them out of scope; `assistant nlu export` writes the reviewed ones
as training data for the next training. Staff without the trainer role are
refused; log-in, session and CSRF are the portal's (web/portal.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from assistant.nlu_feedback import OUT_OF_SCOPE, NluFeedbackStore, UnknownIntent
from assistant.settings import PROJECT_ROOT
from assistant.staff import TRAINER
from nlu.feedback_groups import group
from web.portal import staff_required

bp = Blueprint("trainer", __name__, url_prefix="/educator/trainer")
# Intents a trainer may not assign: they are not something a customer says.
NOT_ASSIGNABLE = {OUT_OF_SCOPE, "nlu_fallback"}


@lru_cache(maxsize=4)
def intents(domain: Path = PROJECT_ROOT / "domain.yml") -> tuple[str, ...]:
    """The assistant's intents, from its domain, in the domain's order."""
    listed = yaml.safe_load(domain.read_text())["intents"]
    names = [i if isinstance(i, str) else next(iter(i)) for i in listed]
    return tuple(n for n in names if n not in NOT_ASSIGNABLE)


def _store() -> NluFeedbackStore:
    return current_app.extensions["bank.nlu_feedback"]


def _embed(texts: list[str]):  # type: ignore[no-untyped-def]
    """Sentence embeddings; the encoder loads on the first use, once per app."""
    encoder = current_app.extensions.get("bank.sentence_encoder")
    if encoder is None:
        from nlu.minilm import SentenceEncoder

        encoder = current_app.extensions["bank.sentence_encoder"] = SentenceEncoder.load()
    return encoder.encode(texts)


def _refuse_others():  # type: ignore[no-untyped-def]
    if g.actor.role != TRAINER:
        message = "This page is for staff with the trainer role."
        return render_template("portal/message.html", title="Not allowed", message=message), 403
    return None


@bp.get("/")
@staff_required
def messages():  # type: ignore[no-untyped-def]
    refused = _refuse_others()
    if refused:
        return refused
    store = _store()
    store.harvest()
    waiting = store.waiting()
    groups = [[waiting[i] for i in g] for g in group([m.text for m in waiting], _embed)]
    return render_template(
        "trainer/messages.html", groups=groups, intents=intents(), reviewed=len(store.reviewed())
    )


@bp.post("/review")
@staff_required
def review():  # type: ignore[no-untyped-def]
    refused = _refuse_others()
    if refused:
        return refused
    ids = [int(i) for i in request.form.getlist("message") if i.isdigit()]
    intent = OUT_OF_SCOPE if "out_of_scope" in request.form else request.form.get("intent", "")
    if not ids:
        flash("Please tick at least one message first.", "error")
        return redirect(url_for("trainer.messages"))
    try:
        changed = _store().review(g.actor.id, ids, intent, intents())
    except UnknownIntent as unknown:
        flash(str(unknown), "error")
        return redirect(url_for("trainer.messages"))
    what = "out of scope" if intent == OUT_OF_SCOPE else f"as {intent}"
    flash(f"Marked {changed} message{'s' if changed != 1 else ''} {what}.", "info")
    return redirect(url_for("trainer.messages"))
