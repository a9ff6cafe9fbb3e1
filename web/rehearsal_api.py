"""The educators' REST API for practice calls (scam rehearsals): write, preview, review,
publish, export and the analytics, as /api/educator does for lessons.

Every route needs a staff bearer token from `POST /api/educator/login`. A rehearsal is
sent and returned as its YAML file: `{"text": "slug: ...\\n..."}`. See docs/api.md.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from lessons.errors import InvalidLesson, LessonNotFound, NotAllowed, WorkflowError
from lessons.rehearsals import analytics, machine
from lessons.rehearsals.format import MAX_FILE_CHARS
from lessons.rehearsals.store import RehearsalStore
from web.educator_api import _actor
from web.errors import BadRequest, NotFoundError
from web.services import services

bp = Blueprint("rehearsal_api", __name__, url_prefix="/api/educator/rehearsals")


def _store() -> RehearsalStore:
    return services().bank.rehearsals


def _text() -> str:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise BadRequest('Send a JSON object with the rehearsal file: {"text": "slug: ..."}.')
    if len(body["text"]) > MAX_FILE_CHARS:
        raise BadRequest(f"A rehearsal can have at most {MAX_FILE_CHARS} characters.")
    return body["text"]


@bp.errorhandler(InvalidLesson)
def _invalid(error: InvalidLesson) -> ResponseReturnValue:
    details = [{"text": p.text, "field": p.field, "line": p.line} for p in error.details]
    return jsonify(
        error="The rehearsal needs changes.", problems=error.problems, details=details
    ), 422


@bp.errorhandler(NotAllowed)
def _not_allowed(error: NotAllowed) -> ResponseReturnValue:
    return jsonify(error=str(error)), 403


@bp.errorhandler(WorkflowError)
def _workflow(error: WorkflowError) -> ResponseReturnValue:
    return jsonify(error=str(error)), 409


@bp.errorhandler(LessonNotFound)
def _not_found(error: LessonNotFound) -> ResponseReturnValue:
    return jsonify(error=str(error)), 404


@bp.get("")
def index() -> ResponseReturnValue:
    _actor()
    return jsonify(rehearsals=_store().rehearsals())


@bp.post("")
def create() -> ResponseReturnValue:
    return jsonify(_store().create(_actor(), _text()).__dict__), 201


@bp.put("/<slug>/draft")
def edit(slug: str) -> ResponseReturnValue:
    return jsonify(_store().edit(_actor(), slug, _text()).__dict__)


@bp.get("/<slug>/versions")
def versions(slug: str) -> ResponseReturnValue:
    _actor()
    return jsonify(versions=[v.__dict__ for v in _store().versions(slug)])


@bp.get("/<slug>/versions/<int:number>")
def version(slug: str, number: int) -> ResponseReturnValue:
    _actor()
    content, source = _store().content(slug, number)
    return jsonify(text=source, content=content.to_json())


@bp.get("/<slug>/versions/<int:number>/file")
def export(slug: str, number: int) -> ResponseReturnValue:
    _actor()
    _, source = _store().content(slug, number)
    return Response(
        source,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{slug}.yml"'},
    )


@bp.post("/preview")
def preview() -> ResponseReturnValue:
    _actor()
    content = _store().parse("draft", _text())
    return jsonify(
        steps=machine.preview(content),
        reading_grade=content.reading_grade,
        warnings=content.warnings,
    )


@bp.post("/<slug>/versions/<int:number>/<step>")
def move(slug: str, number: int, step: str) -> ResponseReturnValue:
    actor = _actor()
    steps: dict[str, Any] = {
        "submit": _store().submit,
        "publish": _store().publish,
        "unpublish": _store().unpublish,
    }
    if step not in steps:
        raise NotFoundError("Use submit, publish or unpublish.")
    return jsonify(steps[step](actor, slug, number).__dict__)


@bp.get("/<slug>/analytics")
def figures(slug: str) -> ResponseReturnValue:
    _actor()
    return jsonify(analytics.rehearsal_analytics(services().bank.db, slug))


@bp.get("/analytics.csv")
def figures_csv() -> ResponseReturnValue:
    _actor()
    return Response(
        analytics.csv_text(analytics.all_analytics(services().bank.db)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="rehearsal-analytics.csv"'},
    )
