"""The educators' REST API: write, preview, review and publish lessons.

Every route needs a staff bearer token from `POST /api/educator/login`;
customers' tokens are not accepted. Educators create, edit, preview and
submit; only reviewers publish and unpublish. See docs/api.md.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from assistant.bank.staff import Actor, StaffAuth
from assistant.errors import AuthenticationFailed
from lessons import render
from lessons.analytics import lesson_analytics
from lessons.errors import BadPicture, InvalidLesson, LessonNotFound, NotAllowed, WorkflowError
from lessons.pictures import file_name
from lessons.store import LessonStore
from web.errors import BadRequest, NotFoundError, TooManyRequests, Unauthorized
from web.security import RateLimiter
from web.services import services

bp = Blueprint("educator_api", __name__, url_prefix="/api/educator")

MAX_MARKDOWN_CHARS = 20_000


def _store() -> LessonStore:
    return services().bank.lessons


def _staff() -> StaffAuth:
    return services().bank.staff_auth


def _actor() -> Actor:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or len(header) > 200:
        raise Unauthorized("Please log in to the educator portal.")
    try:
        return _staff().authenticate(header[len("Bearer ") :].strip())
    except AuthenticationFailed as error:
        raise Unauthorized(str(error)) from None


def _markdown() -> str:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("markdown"), str):
        raise BadRequest('Send a JSON object with the lesson text, such as {"markdown": "---..."}.')
    if len(body["markdown"]) > MAX_MARKDOWN_CHARS:
        raise BadRequest(f"A lesson can have at most {MAX_MARKDOWN_CHARS} characters.")
    return body["markdown"]


@bp.errorhandler(InvalidLesson)
def _invalid(error: InvalidLesson) -> ResponseReturnValue:
    return jsonify(error="The lesson needs changes.", problems=error.problems), 422


@bp.errorhandler(BadPicture)
def _bad_picture(error: BadPicture) -> ResponseReturnValue:
    return jsonify(error=str(error)), 422


@bp.errorhandler(NotAllowed)
def _not_allowed(error: NotAllowed) -> ResponseReturnValue:
    return jsonify(error=str(error)), 403


@bp.errorhandler(WorkflowError)
def _workflow(error: WorkflowError) -> ResponseReturnValue:
    return jsonify(error=str(error)), 409


@bp.errorhandler(LessonNotFound)
def _not_found(error: LessonNotFound) -> ResponseReturnValue:
    return jsonify(error=str(error)), 404


def limit_staff_logins() -> None:
    """Count one staff log-in attempt from this address (API and portal share the count)."""
    limiter: RateLimiter = services().login_limiter
    if not limiter.allow("staff:" + (request.remote_addr or "unknown")):
        raise TooManyRequests("Too many log-in attempts. Please wait a minute and try again.")


@bp.post("/login")
def login() -> ResponseReturnValue:
    limit_staff_logins()
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not all(
        isinstance(body.get(k), str) and 0 < len(body[k]) <= 128 for k in ("user", "password")
    ):
        raise BadRequest('Send {"user": "...", "password": "..."}.')
    try:
        token, actor = _staff().login(body["user"], body["password"])
    except AuthenticationFailed as error:
        raise Unauthorized(str(error)) from None
    return jsonify(token=token, user=actor.id, role=actor.role)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    _actor()
    _staff().logout(request.headers["Authorization"][len("Bearer ") :].strip())
    return jsonify(ok=True)


@bp.get("/lessons")
def lessons() -> ResponseReturnValue:
    _actor()
    return jsonify(lessons=_store().lessons())


@bp.post("/lessons")
def create() -> ResponseReturnValue:
    info = _store().create(_actor(), _markdown())
    return jsonify(info.__dict__), 201


@bp.put("/lessons/<slug>/draft")
def edit(slug: str) -> ResponseReturnValue:
    return jsonify(_store().edit(_actor(), slug, _markdown()).__dict__)


@bp.post("/pictures")
def upload_picture() -> ResponseReturnValue:
    """A picture for a step: the file as the body (or a form field called picture).

    Answers its name in lesson files and the line that shows it in a step, to which the
    educator adds what it shows in words.
    """
    actor = _actor()
    upload = request.files.get("picture")
    data = upload.read() if upload is not None else request.get_data(cache=False)
    picture = _store().upload_picture(actor, data)
    return jsonify(
        name=picture.name,
        line=f"![What the picture shows, in words]({picture.name})",
        width=picture.width,
        height=picture.height,
        media_type=picture.media_type,
        url=url_for("lesson_pictures.picture", file=file_name(picture)),
    ), 201


@bp.get("/lessons/<slug>/versions")
def versions(slug: str) -> ResponseReturnValue:
    _actor()
    return jsonify(versions=[v.__dict__ for v in _store().versions(slug)])


@bp.get("/lessons/<slug>/versions/<int:number>")
def version(slug: str, number: int) -> ResponseReturnValue:
    _actor()
    content, source = _store().content(slug, number)
    return jsonify(markdown=source, content=content.to_json())


@bp.get("/lessons/<slug>/versions/<int:number>/preview")
def preview_version(slug: str, number: int) -> ResponseReturnValue:
    _actor()
    content, _ = _store().content(slug, number)
    return jsonify(messages=render.preview(content))


@bp.post("/preview")
def preview_text() -> ResponseReturnValue:
    _actor()
    content = _store().parse("draft", _markdown())
    return jsonify(
        messages=render.preview(content),
        reading_grade=content.reading_grade,
        warnings=content.warnings,
    )


@bp.post("/lessons/<slug>/versions/<int:number>/<step>")
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


@bp.get("/lessons/<slug>/analytics")
def analytics(slug: str) -> ResponseReturnValue:
    _actor()
    return jsonify(lesson_analytics(services().bank.db, slug))
