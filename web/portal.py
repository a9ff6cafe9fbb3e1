"""The educator portal: log in, the lesson list, a lesson as its Markdown file
with a live preview, a version's page, simple analytics charts. The lesson form,
the review of changes and the confirm step are in lesson_editor.py.

Server-rendered pages with a signed, HttpOnly session cookie that holds the
staff session token (the same StaffAuth as the educators' API, so the idle
limit and the roles are the same). Every form carries a CSRF token
(Flask-WTF); the live preview sends it in the X-CSRFToken header. Customers'
log-ins mean nothing here: a page without a staff session goes to the
portal's log-in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from assistant.bank.staff import REVIEWER, StaffAuth
from assistant.errors import AuthenticationFailed
from lessons import render
from lessons.analytics import lesson_analytics, lesson_stops
from lessons.errors import InvalidLesson, LessonNotFound, NotAllowed, WorkflowError
from lessons.form import from_form, write_lesson
from lessons.store import LessonStore
from web.charts import bar_chart
from web.educator_api import MAX_MARKDOWN_CHARS, limit_staff_logins
from web.services import services

bp = Blueprint("portal", __name__, url_prefix="/educator")

# What happens next, said after each action.
SAVED = "Customers do not see it yet. When it is ready, choose Submit for review."
SUBMITTED = (
    "A reviewer checks it and publishes it; until then customers see what they saw before. "
    "Saving a change now makes a new draft."
)
NEW_LESSON = """---
slug: my-new-lesson
title: A short, plain title
summary: One sentence that says what the learner will know.
tags: [phone scams]
keywords: [phone call, caller]
language: en
minutes: 2
quiz:
  - question: "A question about the lesson?"
    choices:
      - "The right answer"
      - "A wrong answer"
    answer: A
    explanation: "One line that explains the answer."
  - question: "A second question?"
    choices:
      - "A wrong answer"
      - "The right answer"
    answer: B
    explanation: "One line that explains the answer."
---
## First step
Short sentences. One idea in each step.

## Second step
Say what to do, not only what to fear.

## Third step
End with the one thing to remember.
"""


def _store() -> LessonStore:
    return services().bank.lessons


def _staff() -> StaffAuth:
    return services().bank.staff_auth


def staff_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """The page needs a live staff session; otherwise back to the portal's log-in."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        token = session.get("staff_token")
        if not token:
            return redirect(url_for("portal.login", next=request.path))
        try:
            g.actor = _staff().authenticate(token)
        except AuthenticationFailed:
            session.clear()
            flash("Your session ended. Please log in again.", "error")
            return redirect(url_for("portal.login", next=request.path))
        return view(*args, **kwargs)

    return wrapper


def _markdown_field() -> str:
    text = request.form.get("markdown", "")
    if len(text) > MAX_MARKDOWN_CHARS:
        raise InvalidLesson(
            "lesson", [f"A lesson can have at most {MAX_MARKDOWN_CHARS} characters."]
        )
    return text.replace("\r\n", "\n")


@bp.errorhandler(NotAllowed)
@bp.errorhandler(WorkflowError)
def _refused(error: Exception) -> ResponseReturnValue:
    flash(str(error), "error")
    back = request.referrer or ""
    same_site = back.startswith(request.host_url + "educator/")
    return redirect(back if same_site else url_for("portal.lessons"))


@bp.errorhandler(LessonNotFound)
def _missing(error: LessonNotFound) -> ResponseReturnValue:
    return render_template("portal/message.html", title="Not found", message=str(error)), 404


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    error = None
    if request.method == "POST":
        limit_staff_logins()
        user = request.form.get("user", "")[:128]
        password = request.form.get("password", "")[:128]
        try:
            token, actor = _staff().login(user, password)
        except AuthenticationFailed as failed:
            error = str(failed)
        else:
            session.clear()
            session.permanent = True
            session["staff_token"] = token
            session["staff_name"] = actor.id
            target = request.args.get("next", "")
            safe = target.startswith("/educator/") and not target.startswith("//")
            return redirect(target if safe else url_for("portal.lessons"))
    status = 401 if error else 200
    return render_template("portal/login.html", error=error), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    token = session.get("staff_token")
    if token:
        _staff().logout(token)
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("portal.login"))


@bp.get("/")
@staff_required
def lessons() -> ResponseReturnValue:
    return render_template("portal/lessons.html", lessons=_store().lessons())


@bp.route("/new/text", methods=["GET", "POST"])
@staff_required
def new_text() -> ResponseReturnValue:
    """A new lesson written as its file: Markdown with YAML front matter."""
    markdown, problems = NEW_LESSON, []
    if request.method == "POST":
        markdown = _markdown_field()
        try:
            info = _store().create(g.actor, markdown)
        except InvalidLesson as invalid:
            problems = invalid.problems
        else:
            return _saved(info.slug, info.number)
    return _text_page(None, markdown, problems, [])


@bp.route("/lessons/<slug>/text", methods=["GET", "POST"])
@staff_required
def lesson_text(slug: str) -> ResponseReturnValue:
    """A lesson's newest version as its file, for those who write the format."""
    versions = _store().versions(slug)  # LessonNotFound when there is no such lesson
    newest = versions[-1]
    problems: list[str] = []
    if request.method == "POST":
        markdown = _markdown_field()
        try:
            info = _store().edit(g.actor, slug, markdown)
        except InvalidLesson as invalid:
            problems = invalid.problems
        else:
            return _saved(slug, info.number)
    else:
        _, markdown = _store().content(slug, newest.number)
    return _text_page(slug, markdown, problems, list(reversed(versions)))


def _saved(slug: str, number: int) -> ResponseReturnValue:
    """After a save from the text page: submitted too if that was the button."""
    if request.form.get("action") == "submit":
        _store().submit(g.actor, slug, number)
        flash(f"Saved version {number} and submitted it for review. {SUBMITTED}", "info")
    else:
        flash(f"Saved draft version {number}. {SAVED}", "info")
    return redirect(url_for("portal.lesson_text", slug=slug))


def _text_page(
    slug: str | None, markdown: str, problems: list[Any], versions: list[Any]
) -> ResponseReturnValue:
    preview: list[dict[str, Any]] = []
    if not problems:
        try:
            preview = render.review(_store().parse("draft", markdown))
        except InvalidLesson as invalid:
            problems = invalid.problems
    return render_template(
        "portal/edit.html",
        slug=slug,
        markdown=markdown,
        problems=problems,
        versions=versions,
        messages=preview,
        reviewer=g.actor.role == REVIEWER,
    ), (422 if problems and request.method == "POST" else 200)


@bp.get("/lessons/<slug>/versions/<int:number>")
@staff_required
def version(slug: str, number: int) -> ResponseReturnValue:
    content, markdown = _store().content(slug, number)
    info = _store().version(slug, number)
    return render_template(
        "portal/version.html", info=info, markdown=markdown, messages=render.review(content)
    )


@bp.get("/lessons/<slug>/analytics")
@staff_required
def analytics(slug: str) -> ResponseReturnValue:
    figures = lesson_analytics(services().bank.db, slug)
    title = _store().versions(slug)[-1].title
    use = bar_chart(
        "How many started and finished",
        [("Started", figures["starts"]), ("Finished", figures["completions"])],
    )
    scores = bar_chart(
        "Quiz scores of those who finished",
        [(f"{score} right", count) for score, count in figures["scores"].items()],
    )
    paused = figures["interceptions"]
    moments = bar_chart(
        "Payments paused with this lesson offered",
        [("Offered", paused["offered"]), ("Took the lesson", paused["led_to_lesson"])],
    )
    stopped = bar_chart(
        "Where those who began and did not finish are now",
        lesson_stops(services().bank.db, slug),
    )
    return render_template(
        "portal/analytics.html",
        slug=slug,
        title=title,
        figures=figures,
        charts=[use, scores, stopped, moments],
    )


@bp.post("/preview")
@staff_required
def preview() -> ResponseReturnValue:
    """The live preview of the text editor (JSON {"markdown"}) or of the form (its fields
    as posted): the chat's messages, and the same HTML as every portal page shows."""
    if request.is_json:
        body = request.get_json(silent=True)
        text = body.get("markdown") if isinstance(body, dict) else None
    else:
        text = write_lesson(from_form(request.form))
    if not isinstance(text, str) or len(text) > MAX_MARKDOWN_CHARS:
        return jsonify(
            problems=[f"Send the lesson text, at most {MAX_MARKDOWN_CHARS} characters."]
        ), 400
    try:
        content = _store().parse("draft", text)
    except InvalidLesson as invalid:
        html = render_template("portal/_preview.html", messages=[], problems=invalid.problems)
        return jsonify(problems=invalid.problems, html=html), 422
    messages = render.review(content)
    return jsonify(
        messages=messages,
        html=render_template("portal/_preview.html", messages=messages, problems=[]),
        reading_grade=content.reading_grade,
        warnings=content.warnings,
    )
