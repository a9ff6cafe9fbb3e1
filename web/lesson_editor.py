"""The portal's lesson form: title, summary, steps and quiz in boxes, for educators
who do not write YAML; the confirm step before publishing or unpublishing; what a
version changes against the published one.

Every change to the form's shape (add, remove, move) is a submit button handled
here, so the form works without JavaScript; portal.js only adds the live preview,
the word counts and each step's Listen button (lesson_listen.py). A step's picture is
a file field: whatever button posts the form, a file chosen is checked, cleaned and
kept (lessons/pictures.py), and the step names it from then on; a refused file is
said at its field, and nothing is saved with it. What is stored stays the Markdown
file (lessons/form.py writes it), so the text editor, the import and the export see
the same lesson.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
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
from lessons import render
from lessons.changes import Changes, compare
from lessons.errors import (
    BadPicture,
    InvalidLesson,
    LessonNotFound,
    NotAllowed,
    Problem,
    WorkflowError,
)
from lessons.form import (
    LessonFields,
    change_shape,
    form_problems,
    form_values,
    from_form,
    read_fields,
    write_lesson,
)
from lessons.format import LETTERS, MAX_CHOICES
from lessons.pictures import file_name
from lessons.store import VersionInfo
from web.educator_api import MAX_MARKDOWN_CHARS
from web.lesson_listen import LISTENERS
from web.portal import (
    NEW_LESSON,
    SAVED,
    SUBMITTED,
    _missing,
    _refused,
    _store,
    staff_required,
)

bp = Blueprint("lesson_editor", __name__, url_prefix="/educator")
bp.register_error_handler(NotAllowed, _refused)
bp.register_error_handler(WorkflowError, _refused)
bp.register_error_handler(LessonNotFound, _missing)

DONE = {
    "publish": "Version {n} is published. Customers get it from their next lesson; "
    "the version published before it is archived.",
    "unpublish": "Version {n} is unpublished. Customers are no longer offered this lesson "
    "until a reviewer publishes a version again.",
}


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new() -> ResponseReturnValue:
    if request.method == "GET":
        return _page(read_fields(NEW_LESSON), slug=None)
    return _posted(slug=None, newest_source=None)


@bp.route("/lessons/<slug>", methods=["GET", "POST"])
@staff_required
def edit(slug: str) -> ResponseReturnValue:
    newest = _store().versions(slug)[-1]  # LessonNotFound when there is no such lesson
    _, source = _store().content(slug, newest.number)
    if request.method == "GET":
        try:
            fields = read_fields(source)
        except InvalidLesson:
            flash("This version's text cannot be shown in the form. Fix it here first.", "error")
            return redirect(url_for("portal.lesson_text", slug=slug))
        kept = write_lesson(fields) == source.replace("\r\n", "\n")
        return _page(fields, slug=slug, kept=kept)
    return _posted(slug=slug, newest_source=source)


def _posted(slug: str | None, newest_source: str | None) -> ResponseReturnValue:
    if sum(len(v) for v in request.form.values()) > MAX_MARKDOWN_CHARS:
        abort(413)
    fields = from_form(request.form)
    if slug is not None:
        fields.slug = slug  # the slug of a saved lesson never changes
    added, refused = _uploads(fields)
    action = request.form.get("action", "save")
    if action.startswith("upload-picture-"):
        return _uploaded(fields, slug, action.removeprefix("upload-picture-"), added, refused)
    changed = change_shape(fields, action)
    if changed is not None:
        return _page(changed.fields, slug=slug, said=changed.said, focus=changed.focus,
                     problems=refused)  # fmt: skip
    if action not in ("save", "submit"):
        abort(400)
    problems = refused + form_problems(fields)
    markdown = write_lesson(fields)
    store = _store()
    if slug is not None and not problems and markdown == newest_source:
        number = store.versions(slug)[-1].number
        if action == "submit":
            return _submit(slug, number, saved=False)
        flash(f"Nothing has changed since version {number}, so nothing was saved.", "info")
        return redirect(url_for("lesson_editor.edit", slug=slug))
    if not problems:
        try:
            info = (
                store.create(g.actor, markdown)
                if slug is None
                else store.edit(g.actor, slug, markdown)
            )
        except InvalidLesson as invalid:
            problems = invalid.details
        else:
            if action == "submit":
                return _submit(info.slug, info.number, saved=True)
            flash(f"Saved draft version {info.number}. {SAVED}", "info")
            return redirect(url_for("lesson_editor.edit", slug=info.slug))
    return _page(fields, slug=slug, problems=problems), 422


def _uploaded(
    fields: LessonFields, slug: str | None, step: str, added: list[str], refused: list[Problem]
) -> ResponseReturnValue:
    """The page after "Upload the picture": the keyboard goes on to the picture's words."""
    if step in added:
        said = (
            f"The picture is on step {step} now. Say in words what it shows. "
            "Nothing is saved until you choose Save draft."
        )
        # Another step's file, chosen in the same post, may have been refused.
        page = _page(fields, slug=slug, said=said, focus=f"step-{step}-picture-alt",
                     problems=refused)  # fmt: skip
        return (page, 422) if refused else page
    if not refused:
        refused = [Problem(f"Choose a picture file for step {step} first.",
                           f"step-{step}-picture-file")]  # fmt: skip
    return _page(fields, slug=slug, problems=refused, focus=f"step-{step}-picture-file"), 422


def _uploads(fields: LessonFields) -> tuple[list[str], list[Problem]]:
    """Keep the picture files chosen in the form; the steps name them from now on.

    Returns the numbers of the steps that got a picture, and the files refused."""
    added, refused = [], []
    for number, step in enumerate(fields.steps, start=1):
        upload = request.files.get(f"step-{number}-picture-file")
        if upload is None or not upload.filename:
            continue
        try:
            picture = _store().upload_picture(g.actor, upload.read())
        except BadPicture as bad:
            refused.append(Problem(f"Step {number}'s picture: {bad}",
                                   f"step-{number}-picture-file"))  # fmt: skip
            continue
        step.picture = picture.name
        added.append(str(number))
    return added, refused


def _submit(slug: str, number: int, saved: bool) -> ResponseReturnValue:
    _store().submit(g.actor, slug, number)
    done = "Saved version {n} and submitted it" if saved else "Version {n} is submitted"
    flash(f"{done.format(n=number)} for review. {SUBMITTED}", "info")
    return redirect(url_for("lesson_editor.edit", slug=slug))


def _page(
    fields: LessonFields,
    slug: str | None,
    problems: list[Problem] | None = None,
    said: str | None = None,
    focus: str | None = None,
    kept: bool = True,
) -> str:
    problems = problems or []
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        if problem.field:
            by_field.setdefault(problem.field, []).append(problem.text)
    general = [p.text for p in problems if not p.field]
    versions = list(reversed(_store().versions(slug))) if slug else []
    preview, preview_problems = _preview(write_lesson(fields))
    pictures = [_picture_address(step.picture) for step in fields.steps]
    return render_template(
        "portal/lesson_form.html",
        slug=slug,
        fields=fields,
        values=form_values(fields),
        problems=by_field,
        general=general,
        said=said,
        focus=focus,
        kept=kept,
        letters=LETTERS[:MAX_CHOICES],
        versions=versions,
        reviewer=g.actor.role == REVIEWER,
        listen=g.actor.role in LISTENERS,
        messages=preview,
        preview_problems=preview_problems,
        max_step_words=_store().max_step_words,
        pictures=pictures,
        picture_limits=_store().picture_limits,
    )


def _picture_address(name: str) -> str | None:
    """Where the form shows a step's picture, when the name is one that is kept."""
    picture = _store().pictures.find(name) if name else None
    return url_for("lesson_pictures.picture", file=file_name(picture)) if picture else None


def _preview(markdown: str) -> tuple[list[dict[str, Any]], list[str]]:
    try:
        return render.review(_store().parse("draft", markdown)), []
    except InvalidLesson as invalid:
        return [], [p.text for p in invalid.details]


# -- review: what changed, and publish or unpublish after a confirm step -------


@bp.get("/lessons/<slug>/versions/<int:number>/changes")
@staff_required
def changes(slug: str, number: int) -> ResponseReturnValue:
    info, published, diff = _against_published(slug, number)
    return render_template("portal/changes.html", info=info, published=published, changes=diff)


@bp.route("/lessons/<slug>/versions/<int:number>/<step>", methods=["GET", "POST"])
@staff_required
def move(slug: str, number: int, step: str) -> ResponseReturnValue:
    """Submit at once; publish and unpublish only after the confirm page's Yes."""
    if step == "submit" and request.method == "POST":
        return _submit(slug, number, saved=False)
    if step not in DONE:
        raise LessonNotFound("Use submit, publish or unpublish.")
    _store().require_reviewer(g.actor)
    if request.method == "POST" and request.form.get("confirmed") == "yes":
        getattr(_store(), step)(g.actor, slug, number)
        flash(DONE[step].format(n=number), "info")
        return redirect(url_for("lesson_editor.edit", slug=slug))
    info, published, diff = _against_published(slug, number)
    return render_template(
        "portal/confirm.html", step=step, info=info, published=published, changes=diff
    )


def _against_published(
    slug: str, number: int
) -> tuple[VersionInfo, VersionInfo | None, Changes | None]:
    store = _store()
    info = store.version(slug, number)
    content, _ = store.content(slug, number)
    live = next((v for v in store.versions(slug) if v.status == "published"), None)
    old = store.content(slug, live.number)[0] if live and live.number != number else None
    return info, live, compare(old, content) if live is None or old else None
