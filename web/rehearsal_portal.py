"""The portal's practice calls (scam rehearsals): the list, the form that writes one
(steps, the caller's lines, answers with their move, feedback and next step), the file
editor that imports and exports the YAML, review and publishing with a confirm step,
and the analytics with their CSV.

The same staff session, CSRF tokens and review workflow as the lessons (portal.py,
lesson_editor.py). Every change to the form's shape is a submit button, so the form
works without JavaScript; what is stored stays the YAML file (lessons/rehearsals/form.py
writes it), so the form, the file editor, the import and the export see the same text.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from assistant.bank.staff import REVIEWER
from lessons.errors import InvalidLesson, LessonNotFound, NotAllowed, Problem, WorkflowError
from lessons.rehearsals import analytics, machine
from lessons.rehearsals.errors import InvalidRehearsal
from lessons.rehearsals.form import (
    RehearsalFields,
    change_shape,
    form_values,
    from_form,
    read_fields,
    write_rehearsal,
)
from lessons.rehearsals.format import END, MAX_FILE_CHARS
from lessons.rehearsals.moves import MOVES
from lessons.rehearsals.store import RehearsalStore
from web.charts import bar_chart
from web.portal import SAVED, SUBMITTED, _missing, _refused, staff_required
from web.services import services

bp = Blueprint("rehearsals", __name__, url_prefix="/educator/rehearsals")
bp.register_error_handler(NotAllowed, _refused)
bp.register_error_handler(WorkflowError, _refused)
bp.register_error_handler(LessonNotFound, _missing)

DONE = {
    "publish": "Version {n} is published. Customers get it from their next practice call; "
    "the version published before it is archived.",
    "unpublish": "Version {n} is unpublished. Customers are no longer offered this practice "
    "call until a reviewer publishes a version again.",
}
NEW = RehearsalFields(
    slug="my-practice-call",
    title="A short, plain title",
    summary="One sentence that says what the caller wants.",
    remember="The one thing to remember, in a short sentence.",
    steps=[],
)


def _store() -> RehearsalStore:
    return services().bank.rehearsals


@bp.get("/")
@staff_required
def index() -> ResponseReturnValue:
    return render_template("portal/rehearsals.html", rehearsals=_store().rehearsals())


# -- the form ---------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new() -> ResponseReturnValue:
    if request.method == "GET":
        fields = change_shape(NEW, "add-step")
        return _page(fields.fields if fields else NEW, slug=None)
    return _posted(slug=None, newest_source=None)


@bp.route("/<slug>", methods=["GET", "POST"])
@staff_required
def edit(slug: str) -> ResponseReturnValue:
    newest = _store().versions(slug)[-1]  # RehearsalNotFound when there is no such one
    _, source = _store().content(slug, newest.number)
    if request.method == "GET":
        try:
            fields = read_fields(source)
        except InvalidLesson:
            flash("This version's file cannot be shown in the form. Fix it here first.", "error")
            return redirect(url_for("rehearsals.text", slug=slug))
        return _page(fields, slug=slug)
    return _posted(slug=slug, newest_source=source)


def _posted(slug: str | None, newest_source: str | None) -> ResponseReturnValue:
    if sum(len(v) for v in request.form.values()) > MAX_FILE_CHARS:
        abort(413)
    fields = from_form(request.form)
    if slug is not None:
        fields.slug = slug  # the slug of a saved rehearsal never changes
    action = request.form.get("action", "save")
    changed = change_shape(fields, action)
    if changed is not None:
        return _page(changed.fields, slug=slug, said=changed.said, focus=changed.focus)
    if action not in ("save", "submit"):
        abort(400)
    text = write_rehearsal(fields)
    if slug is not None and text == newest_source:
        number = _store().versions(slug)[-1].number
        if action == "submit":
            return _submit(slug, number, saved=False, back="rehearsals.edit")
        flash(f"Nothing has changed since version {number}, so nothing was saved.", "info")
        return redirect(url_for("rehearsals.edit", slug=slug))
    try:
        info = _save(slug, text)
    except InvalidLesson as invalid:
        return _page(fields, slug=slug, problems=invalid.details), 422
    if action == "submit":
        return _submit(info.slug, info.number, saved=True, back="rehearsals.edit")
    flash(f"Saved draft version {info.number}. {SAVED}", "info")
    return redirect(url_for("rehearsals.edit", slug=info.slug))


def _save(slug: str | None, text: str) -> Any:
    store = _store()
    return store.create(g.actor, text) if slug is None else store.edit(g.actor, slug, text)


def _submit(slug: str, number: int, saved: bool, back: str) -> ResponseReturnValue:
    _store().submit(g.actor, slug, number)
    done = "Saved version {n} and submitted it" if saved else "Version {n} is submitted"
    flash(f"{done.format(n=number)} for review. {SUBMITTED}", "info")
    return redirect(url_for(back, slug=slug))


def _page(
    fields: RehearsalFields,
    slug: str | None,
    problems: list[Problem] | None = None,
    said: str | None = None,
    focus: str | None = None,
) -> str:
    by_field: dict[str, list[str]] = {}
    for problem in problems or []:
        if problem.field:
            by_field.setdefault(problem.field, []).append(problem.text)
    general = [p.text for p in problems or [] if not p.field]
    preview, preview_problems = _preview(write_rehearsal(fields))
    return render_template(
        "portal/rehearsal_form.html",
        slug=slug,
        fields=fields,
        values=form_values(fields),
        problems=by_field,
        general=general,
        said=said,
        focus=focus,
        moves=MOVES,
        next_steps=[s.id for s in fields.steps if s.id] + [END],
        versions=list(reversed(_store().versions(slug))) if slug else [],
        reviewer=g.actor.role == REVIEWER,
        steps=preview,
        preview_problems=preview_problems,
    )


def _preview(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    try:
        return machine.preview(_store().parse("draft", text)), []
    except InvalidLesson as invalid:
        return [], [p.text for p in invalid.details]


# -- the file: write, import and export ---------------------------------------------------


@bp.route("/new/text", methods=["GET", "POST"])
@staff_required
def new_text() -> ResponseReturnValue:
    """A new rehearsal written as its YAML file, pasted or uploaded (the import)."""
    text, problems = write_rehearsal(NEW), []
    if request.method == "POST":
        text = _posted_file()
        try:
            info = _store().create(g.actor, text)
        except InvalidLesson as invalid:
            problems = invalid.problems
        else:
            return _saved_text(info.slug, info.number)
    return _text_page(None, text, problems)


@bp.route("/<slug>/text", methods=["GET", "POST"])
@staff_required
def text(slug: str) -> ResponseReturnValue:
    newest = _store().versions(slug)[-1]
    problems: list[str] = []
    if request.method == "POST":
        source = _posted_file()
        try:
            info = _store().edit(g.actor, slug, source)
        except InvalidLesson as invalid:
            problems = invalid.problems
        else:
            return _saved_text(slug, info.number)
    else:
        _, source = _store().content(slug, newest.number)
    return _text_page(slug, source, problems)


@bp.get("/<slug>/file")
@staff_required
def export(slug: str) -> ResponseReturnValue:
    """The newest version's file (or ?version=N's) to download: the library's format."""
    versions = _store().versions(slug)
    number = request.args.get("version", type=int) or versions[-1].number
    _, source = _store().content(slug, number)
    return Response(
        source,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{slug}.yml"'},
    )


def _posted_file() -> str:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = upload.read(MAX_FILE_CHARS * 4 + 1)
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidRehearsal(
                "file", ["Upload the rehearsal as a UTF-8 text file (.yml)."]
            ) from None
    else:
        source = request.form.get("text", "")
    if len(source) > MAX_FILE_CHARS:
        raise InvalidRehearsal(
            "file", [f"A rehearsal can have at most {MAX_FILE_CHARS} characters."]
        )
    return source.replace("\r\n", "\n")


def _saved_text(slug: str, number: int) -> ResponseReturnValue:
    if request.form.get("action") == "submit":
        return _submit(slug, number, saved=True, back="rehearsals.text")
    flash(f"Saved draft version {number}. {SAVED}", "info")
    return redirect(url_for("rehearsals.text", slug=slug))


def _text_page(slug: str | None, source: str, problems: list[str]) -> ResponseReturnValue:
    steps: list[dict[str, Any]] = []
    if not problems:
        steps, problems = _preview(source)
    versions = list(reversed(_store().versions(slug))) if slug else []
    return render_template(
        "portal/rehearsal_text.html",
        slug=slug,
        source=source,
        problems=problems,
        versions=versions,
        steps=steps,
        reviewer=g.actor.role == REVIEWER,
    ), (422 if problems and request.method == "POST" else 200)


@bp.errorhandler(InvalidLesson)
def _unreadable(error: InvalidLesson) -> ResponseReturnValue:
    """A file that could not be read at all (too long, not UTF-8): said on the text page."""
    slug = (request.view_args or {}).get("slug")
    return _text_page(slug, request.form.get("text", ""), error.problems)


# -- review and publishing ------------------------------------------------------------------


@bp.get("/<slug>/versions/<int:number>")
@staff_required
def version(slug: str, number: int) -> ResponseReturnValue:
    content, source = _store().content(slug, number)
    return render_template(
        "portal/rehearsal_version.html",
        info=_store().version(slug, number),
        source=source,
        steps=machine.preview(content),
    )


@bp.route("/<slug>/versions/<int:number>/<step>", methods=["GET", "POST"])
@staff_required
def move(slug: str, number: int, step: str) -> ResponseReturnValue:
    """Submit at once; publish and unpublish only after the confirm page's Yes."""
    if step == "submit" and request.method == "POST":
        return _submit(slug, number, saved=False, back="rehearsals.edit")
    if step not in DONE:
        raise LessonNotFound("Use submit, publish or unpublish.")
    _store().require_reviewer(g.actor)
    if request.method == "POST" and request.form.get("confirmed") == "yes":
        getattr(_store(), step)(g.actor, slug, number)
        flash(DONE[step].format(n=number), "info")
        return redirect(url_for("rehearsals.edit", slug=slug))
    content, _ = _store().content(slug, number)
    live = next((v for v in _store().versions(slug) if v.status == "published"), None)
    return render_template(
        "portal/rehearsal_confirm.html",
        step=step,
        info=_store().version(slug, number),
        published=live,
        steps=machine.preview(content),
    )


# -- analytics ----------------------------------------------------------------------------


@bp.get("/<slug>/analytics")
@staff_required
def figures(slug: str) -> ResponseReturnValue:
    found = analytics.rehearsal_analytics(services().bank.db, slug)
    title = _store().versions(slug)[-1].title
    use = bar_chart(
        "How many started, finished and stopped",
        [("Started", found["started"]), ("Finished", found["finished"]),
         ("Stopped", found["stopped"])],
    )  # fmt: skip
    scores = bar_chart(
        "Scores of those who finished (safe choices / answers)",
        [(f"{score} safe", count) for score, count in found["scores"].items()],
    )
    charts = [use, scores]
    for step in found["steps"]:
        charts.append(
            bar_chart(
                f"Step {step['step']}: answers by kind",
                [("Safe", step["safe"]), ("Risky", step["risky"]), ("Neutral", step["neutral"])],
            )
        )
    return render_template(
        "portal/rehearsal_analytics.html", slug=slug, title=title, figures=found, charts=charts
    )


@bp.get("/analytics.csv")
@staff_required
def figures_csv() -> ResponseReturnValue:
    text = analytics.csv_text(analytics.all_analytics(services().bank.db))
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="rehearsal-analytics.csv"'},
    )
