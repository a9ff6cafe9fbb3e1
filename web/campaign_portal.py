"""The portal's campaigns: the list, the form that schedules a published lesson or
practice call for a group, cancelling after a confirm page, and each campaign's figures
with the CSV of them all.

The same staff session and CSRF tokens as the lessons (portal.py); any staff member may
read, educators and reviewers schedule and cancel (lessons/campaigns/store.py). Plain
forms and links, so everything works without JavaScript.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from assistant.bank.models import utcnow
from assistant.bank.staff import EDUCATOR, REVIEWER
from lessons.analytics import all_campaign_analytics, campaign_analytics, campaigns_csv
from lessons.campaigns.models import EVERYONE
from lessons.campaigns.store import GROUP_NAMES, KIND_NAMES, CampaignStore
from lessons.errors import LessonNotFound, NotAllowed, Problem
from web.charts import bar_chart
from web.portal import _missing, _refused, staff_required
from web.services import services

bp = Blueprint("campaigns", __name__, url_prefix="/educator/campaigns")
bp.register_error_handler(NotAllowed, _refused)
bp.register_error_handler(LessonNotFound, _missing)


def _store() -> CampaignStore:
    return services().bank.campaigns


@bp.get("/")
@staff_required
def index() -> ResponseReturnValue:
    return render_template(
        "portal/campaigns.html",
        campaigns=_store().campaigns(),
        today=utcnow().date(),
        kinds=KIND_NAMES,
        author=g.actor.role in (EDUCATOR, REVIEWER),
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new() -> ResponseReturnValue:
    _store().require_author(g.actor)
    values = {
        "item": request.form.get("item", ""),
        "starts_on": request.form.get("starts_on", utcnow().date().isoformat()).strip(),
        "ends_on": request.form.get("ends_on", "").strip(),
        "audience": request.form.get("audience", EVERYONE),
    }
    if request.method == "GET":
        return _form(values, [])
    kind, _, slug = values["item"].partition(":")
    starts_on, ends_on = _day(values["starts_on"]), _day(values["ends_on"])
    problems = []
    if values["ends_on"] and ends_on is None:
        problems.append(
            Problem("Write the last day as a date, like 2027-01-31, or leave it empty.", "ends_on")
        )
    problems += _store().check(kind, slug, values["audience"], starts_on, ends_on)
    if problems:
        return _form(values, problems), 422
    info = _store().create(g.actor, kind, slug, values["audience"], starts_on, ends_on)
    ends = f" to {info.ends_on.isoformat()}" if info.ends_on else " until you cancel it"
    flash(
        f"Campaign scheduled: {info.title}, for {info.group.lower()}, from "
        f"{info.starts_on.isoformat()}{ends}. Each customer in the group is offered it once, "
        "when they next greet the assistant or get their daily lesson on Matrix.",
        "info",
    )
    return redirect(url_for("campaigns.index"))


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _form(values: dict[str, str], problems: list[Problem]) -> str:
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem.field or "item", []).append(problem.text)
    items = _store().items()
    return render_template(
        "portal/campaign_form.html",
        values=values,
        problems=by_field,
        lessons=[(f"{k}:{s}", t) for k, s, t in items if k == "lesson"],
        practice_calls=[(f"{k}:{s}", t) for k, s, t in items if k == "rehearsal"],
        groups=GROUP_NAMES,
    )


@bp.route("/<int:campaign_id>/cancel", methods=["GET", "POST"])
@staff_required
def cancel(campaign_id: int) -> ResponseReturnValue:
    """Cancel only after the confirm page's Yes."""
    _store().require_author(g.actor)
    info = _store().campaign(campaign_id)
    if request.method == "POST" and request.form.get("confirmed") == "yes":
        _store().cancel(g.actor, campaign_id)
        flash(
            f"Campaign {campaign_id} is cancelled: nobody is offered {info.title} by it from "
            "now on. Its figures stay.",
            "info",
        )
        return redirect(url_for("campaigns.index"))
    return render_template("portal/campaign_confirm.html", info=info, kinds=KIND_NAMES)


@bp.get("/<int:campaign_id>")
@staff_required
def figures(campaign_id: int) -> ResponseReturnValue:
    info = _store().campaign(campaign_id)
    found = campaign_analytics(services().bank.db, campaign_id)
    charts = [
        bar_chart(
            "How many were offered it, started and finished",
            [("Offered", found["reached"]), ("Started", found["started"]),
             ("Finished", found["finished"])],
        )
    ]  # fmt: skip
    if info.kind == "lesson":
        charts.append(
            bar_chart(
                "Quiz scores of those who finished",
                [(f"{score} right", count) for score, count in found["scores"].items()],
            )
        )
        charts.append(bar_chart("Where those who did not finish stopped", found["stops"]))
    return render_template(
        "portal/campaign.html",
        info=info,
        kinds=KIND_NAMES,
        figures=found,
        charts=charts,
        today=utcnow().date(),
    )


@bp.get("/analytics.csv")
@staff_required
def figures_csv() -> ResponseReturnValue:
    text = campaigns_csv(all_campaign_analytics(services().bank.db))
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="campaign-analytics.csv"'},
    )
