"""The educators' REST API for campaigns: list, schedule, cancel, and the figures, as the
portal's campaigns page (campaign_portal.py) does.

Every route needs a staff bearer token from `POST /api/educator/login`; educators and
reviewers schedule and cancel, any staff member reads. Dates are ISO (`2027-01-04`).
See docs/api.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from assistant.bank.models import utcnow
from lessons.analytics import all_campaign_analytics, campaign_analytics, campaigns_csv
from lessons.campaigns.errors import InvalidCampaign
from lessons.campaigns.store import CampaignInfo, CampaignStore
from lessons.errors import LessonNotFound, NotAllowed, Problem
from web.educator_api import _actor
from web.errors import BadRequest
from web.services import services

bp = Blueprint("campaign_api", __name__, url_prefix="/api/educator/campaigns")
FIELDS = ("kind", "slug", "audience", "starts_on", "ends_on")


def _store() -> CampaignStore:
    return services().bank.campaigns


def _shown(info: CampaignInfo) -> dict[str, Any]:
    return {
        "id": info.id, "kind": info.kind, "slug": info.slug, "title": info.title,
        "audience": info.audience, "starts_on": info.starts_on.isoformat(),
        "ends_on": info.ends_on.isoformat() if info.ends_on else None,
        "status": info.status(utcnow().date()), "reached": info.reached,
        "created_by": info.created_by,
    }  # fmt: skip


@bp.errorhandler(InvalidCampaign)
def _invalid(error: InvalidCampaign) -> ResponseReturnValue:
    details = [{"text": p.text, "field": p.field} for p in error.details]
    return jsonify(
        error="The campaign needs changes.", problems=error.problems, details=details
    ), 422


@bp.errorhandler(NotAllowed)
def _not_allowed(error: NotAllowed) -> ResponseReturnValue:
    return jsonify(error=str(error)), 403


@bp.errorhandler(LessonNotFound)
def _not_found(error: LessonNotFound) -> ResponseReturnValue:
    return jsonify(error=str(error)), 404


@bp.get("")
def index() -> ResponseReturnValue:
    _actor()
    return jsonify(campaigns=[_shown(c) for c in _store().campaigns()])


@bp.post("")
def create() -> ResponseReturnValue:
    """`{"kind": "lesson", "slug": ..., "audience": "everyone", "starts_on": "2027-01-04",
    "ends_on": null}`: 201 with the campaign, 422 with each problem and its field."""
    actor = _actor()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest(
            'Send a JSON object: {"kind", "slug", "audience", "starts_on", "ends_on"}.'
        )
    kind, slug, audience, first = (body.get(name) for name in FIELDS[:4])
    last = body.get("ends_on")
    if not (
        isinstance(kind, str)
        and isinstance(slug, str)
        and isinstance(audience, str)
        and isinstance(first, str)
        and (last is None or isinstance(last, str))
    ):
        raise BadRequest("kind, slug, audience and starts_on are text; ends_on is text or null.")
    starts_on, ends_on = _day(first), _day(last)
    problems = []
    if last is not None and ends_on is None:
        problems.append(
            Problem("Write the last day as a date, like 2027-01-31, or null.", "ends_on")
        )
    problems += _store().check(kind, slug, audience, starts_on, ends_on)
    if problems:
        _store().require_author(actor)
        raise InvalidCampaign("campaign", problems)
    info = _store().create(actor, kind, slug, audience, starts_on, ends_on)
    return jsonify(_shown(info)), 201


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@bp.post("/<int:campaign_id>/cancel")
def cancel(campaign_id: int) -> ResponseReturnValue:
    return jsonify(_shown(_store().cancel(_actor(), campaign_id)))


@bp.get("/<int:campaign_id>/analytics")
def figures(campaign_id: int) -> ResponseReturnValue:
    _actor()
    return jsonify(campaign_analytics(services().bank.db, campaign_id))


@bp.get("/analytics.csv")
def figures_csv() -> ResponseReturnValue:
    _actor()
    return Response(
        campaigns_csv(all_campaign_analytics(services().bank.db)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="campaign-analytics.csv"'},
    )
