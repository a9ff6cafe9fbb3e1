"""The pictures of lesson steps, as files: `GET /lesson-pictures/<sha256>.png|.jpg`.

A picture that a published version shows is anyone's to see, as the lessons are: the
chat page is a static shell whose token an `<img>` cannot send, and lessons are open to
every conversation. Any other picture (a draft's, a new upload's) only to a logged-in
educator or reviewer of the portal. Anything else is a 404, whether or not it exists.

A file never changes (it is named by its hash), so a browser may keep a published one
for a day and ask again with its ETag after that; a draft's is kept by nobody.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, abort, request, session, url_for
from flask.typing import ResponseReturnValue

from assistant.errors import AuthenticationFailed
from lessons.format import MAX_STEPS
from lessons.pictures import split_file_name
from lessons.settings import LessonSettings
from web.services import services

bp = Blueprint("lesson_pictures", __name__)

PUBLISHED_CACHE = "public, max-age=86400"
STAFF_CACHE = "private, no-cache"
# Where an educator uploads pictures: the lesson form (one per step) and the API.
UPLOADS = ("lesson_editor.new", "lesson_editor.edit", "educator_api.upload_picture")


@bp.get("/lesson-pictures/<file>")
def picture(file: str) -> ResponseReturnValue:
    named = split_file_name(file)
    if named is None:
        abort(404)
    sha256, media_type = named
    pictures = services().bank.lessons.pictures
    kept = pictures.data(sha256)
    if kept is None or kept[1] != media_type:
        abort(404)
    if pictures.published(sha256):
        cache = PUBLISHED_CACHE
    elif _staff():
        cache = STAFF_CACHE
    else:
        abort(404)
    reply = Response(kept[0], mimetype=media_type)
    reply.set_etag(sha256)
    reply.headers["Cache-Control"] = cache
    reply.headers["Content-Disposition"] = f'inline; filename="{file}"'
    return reply.make_conditional(request)


def _staff() -> bool:
    token = session.get("staff_token")
    if not token:
        return False
    try:
        services().bank.staff_auth.authenticate(token)
    except AuthenticationFailed:
        return False
    return True


def with_address(card: dict[str, Any]) -> dict[str, Any]:
    """A lesson card from the assistant, with its picture's address when it has one."""
    picture = card.get("picture")
    if not isinstance(picture, dict) or split_file_name(str(picture.get("file", ""))) is None:
        card.pop("picture", None)
        return card
    return {**card, "picture": {**picture, "url": url_for("lesson_pictures.picture",
                                                           file=picture["file"])}}  # fmt: skip


def allow_uploads(app: Flask, settings: LessonSettings) -> None:
    """Room for pictures in the requests that upload them, and only those.

    Registered before CSRFProtect, whose check reads the form: the limit must be
    raised before the body is read.
    """
    limit = settings.picture_max_bytes * MAX_STEPS + 256 * 1024
    app.config["PICTURE_UPLOADS"] = UPLOADS  # the short-bodies check (web/errors.py) lets them by

    @app.before_request
    def room_for_pictures() -> None:
        if request.endpoint in UPLOADS:
            request.max_content_length = limit
