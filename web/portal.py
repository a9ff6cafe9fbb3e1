"""The educator portal: log in, write lessons in Markdown with a live preview,
submit, publish, unpublish, see versions and simple analytics charts.

Server-rendered pages with a signed, HttpOnly session cookie that holds the
staff session token (the same StaffAuth as the educators' API, so the idle
limit and the roles are the same). Every form carries a CSRF token
(Flask-WTF); the live preview sends it in the X-CSRFToken header. Customers'
log-ins mean nothing here: a page without a staff session goes to the
portal's log-in.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from assistant.errors import AuthenticationFailed
from assistant.staff import REVIEWER, StaffAuth
from lessons import render
from lessons.analytics import lesson_analytics
from lessons.errors import InvalidLesson, LessonNotFound, NotAllowed, WorkflowError
from lessons.store import LessonStore
from web.charts import bar_chart
from web.educator_api import MAX_MARKDOWN_CHARS, limit_staff_logins

bp = Blueprint("portal", __name__, url_prefix="/educator")

STEPS = {"submit": "submitted for review", "publish": "published", "unpublish": "unpublished"}
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
    answer: 1
    explanation: "One line that explains the answer."
  - question: "A second question?"
    choices:
      - "A wrong answer"
      - "The right answer"
    answer: 2
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
    return current_app.extensions["bank.lessons"]


def _staff() -> StaffAuth:
    return current_app.extensions["bank.staff_auth"]


def staff_required(view):  # type: ignore[no-untyped-def]
    """The page needs a live staff session; otherwise back to the portal's log-in."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
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
def _refused(error: Exception):  # type: ignore[no-untyped-def]
    flash(str(error), "error")
    back = request.referrer or ""
    same_site = back.startswith(request.host_url + "educator/")
    return redirect(back if same_site else url_for("portal.lessons"))


@bp.errorhandler(LessonNotFound)
def _missing(error: LessonNotFound):  # type: ignore[no-untyped-def]
    return render_template("portal/message.html", title="Not found", message=str(error)), 404


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
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
def logout():  # type: ignore[no-untyped-def]
    token = session.get("staff_token")
    if token:
        _staff().logout(token)
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("portal.login"))


@bp.get("/")
@staff_required
def lessons():  # type: ignore[no-untyped-def]
    return render_template("portal/lessons.html", lessons=_store().lessons())


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new():  # type: ignore[no-untyped-def]
    markdown, problems = NEW_LESSON, []
    if request.method == "POST":
        markdown = _markdown_field()
        try:
            info = _store().create(g.actor, markdown)
        except InvalidLesson as invalid:
            problems = invalid.problems
        else:
            flash(f"Saved draft version {info.number}.", "info")
            return redirect(url_for("portal.lesson", slug=info.slug))
    return render_template(
        "portal/edit.html", slug=None, markdown=markdown, problems=problems, versions=[]
    ), (422 if problems else 200)


@bp.route("/lessons/<slug>", methods=["GET", "POST"])
@staff_required
def lesson(slug: str):  # type: ignore[no-untyped-def]
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
            flash(f"Saved draft version {info.number}.", "info")
            return redirect(url_for("portal.lesson", slug=slug))
    else:
        _, markdown = _store().content(slug, newest.number)
    return render_template(
        "portal/edit.html",
        slug=slug,
        markdown=markdown,
        problems=problems,
        versions=list(reversed(versions)),
        newest=newest,
        reviewer=g.actor.role == REVIEWER,
    ), (422 if problems else 200)


@bp.post("/lessons/<slug>/versions/<int:number>/<step>")
@staff_required
def move(slug: str, number: int, step: str):  # type: ignore[no-untyped-def]
    actions = {
        "submit": _store().submit,
        "publish": _store().publish,
        "unpublish": _store().unpublish,
    }
    if step not in actions:
        raise LessonNotFound("Use submit, publish or unpublish.")
    actions[step](g.actor, slug, number)
    flash(f"Version {number} is {STEPS[step]}.", "info")
    return redirect(url_for("portal.lesson", slug=slug))


@bp.get("/lessons/<slug>/versions/<int:number>")
@staff_required
def version(slug: str, number: int):  # type: ignore[no-untyped-def]
    content, markdown = _store().content(slug, number)
    info = _store().version(slug, number)
    return render_template(
        "portal/version.html", info=info, markdown=markdown, messages=render.preview(content)
    )


@bp.get("/lessons/<slug>/analytics")
@staff_required
def analytics(slug: str):  # type: ignore[no-untyped-def]
    figures = lesson_analytics(current_app.extensions["bank.db"], slug)
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
    return render_template(
        "portal/analytics.html",
        slug=slug,
        title=title,
        figures=figures,
        charts=[use, scores, moments],
    )


@bp.post("/preview")
@staff_required
def preview():  # type: ignore[no-untyped-def]
    """The live preview: the Markdown as the chat will show it, or what to fix."""
    body = request.get_json(silent=True)
    text = body.get("markdown") if isinstance(body, dict) else None
    if not isinstance(text, str) or len(text) > MAX_MARKDOWN_CHARS:
        return jsonify(
            problems=[f"Send the lesson text, at most {MAX_MARKDOWN_CHARS} characters."]
        ), 400
    try:
        content = _store().parse("draft", text)
    except InvalidLesson as invalid:
        return jsonify(problems=invalid.problems), 422
    return jsonify(
        messages=render.preview(content),
        reading_grade=content.reading_grade,
        warnings=content.warnings,
    )
