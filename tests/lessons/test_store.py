"""The publishing workflow on a real database: only published text reaches customers."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from assistant.bank.staff import Actor
from lessons.errors import InvalidLesson, LessonNotFound, NotAllowed, WorkflowError
from lessons.settings import LessonSettings
from lessons.store import LessonStore
from lessons.tutor import Tutor
from tests.support import GOOD

TEACHER = Actor("teacher", "educator")
EDITOR = Actor("editor", "reviewer")


@pytest.fixture
def store(db):
    return LessonStore(db, LessonSettings())


def test_the_library_is_published_on_import(store):
    slugs = [c.slug for c in store.catalogue()]
    assert len(slugs) >= 12 and "safe-account-calls" in slugs


def test_importing_again_changes_nothing(store):
    report = store.import_dir()
    assert report.added == [] and len(report.unchanged) >= 12


def test_a_bad_file_stops_the_whole_import(store, tmp_path):
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD.replace("answer: B", "answer: 9"))
    with pytest.raises(InvalidLesson):
        store.import_dir(tmp_path)
    with pytest.raises(LessonNotFound):
        store.versions("test-lesson")


def test_draft_review_publish(store, db):
    tutor = Tutor(db, store)
    draft = store.create(TEACHER, GOOD)
    assert (draft.number, draft.status) == (1, "draft")
    with pytest.raises(LessonNotFound):
        store.published("test-lesson")  # a draft is never delivered
    with pytest.raises(LessonNotFound):
        tutor.start("demo", "test-lesson")
    assert store.submit(TEACHER, "test-lesson", 1).status == "in_review"
    with pytest.raises(NotAllowed):
        store.publish(TEACHER, "test-lesson", 1)
    assert store.publish(EDITOR, "test-lesson", 1).status == "published"
    assert "Step 1 of 3" in tutor.start("demo", "test-lesson").messages[-1]["text"]


def test_editing_a_published_lesson_makes_a_new_draft(store):
    store.create(TEACHER, GOOD)
    store.submit(TEACHER, "test-lesson", 1)
    store.publish(EDITOR, "test-lesson", 1)
    edited = store.edit(TEACHER, "test-lesson", GOOD.replace("## One", "## First"))
    assert (edited.number, edited.status) == (2, "draft")
    _, live = store.published("test-lesson")
    assert live.steps[0].title == "One", "customers still get the published text"
    again = store.edit(TEACHER, "test-lesson", GOOD.replace("## One", "## Uno"))
    assert again.number == 2, "a draft is edited in place"
    store.submit(TEACHER, "test-lesson", 2)
    store.publish(EDITOR, "test-lesson", 2)
    assert [v.status for v in store.versions("test-lesson")] == ["archived", "published"]
    assert store.published("test-lesson")[1].steps[0].title == "Uno"


def test_workflow_steps_out_of_order_are_refused(store):
    store.create(TEACHER, GOOD)
    with pytest.raises(WorkflowError, match="submit it for review first"):
        store.publish(EDITOR, "test-lesson", 1)
    with pytest.raises(WorkflowError):
        store.unpublish(EDITOR, "test-lesson", 1)
    with pytest.raises(WorkflowError, match="already exists"):
        store.create(TEACHER, GOOD)
    with pytest.raises(WorkflowError, match="slug"):
        store.edit(TEACHER, "test-lesson", GOOD.replace("slug: test-lesson", "slug: other"))


def test_an_unpublish_without_its_audit_row_does_not_stand(store, db):
    """The change and its audit row commit together, as publishing does."""
    with db.session() as session:
        session.execute(text("ALTER TABLE audit_log RENAME TO audit_log_away"))
    with pytest.raises(OperationalError):
        store.unpublish(EDITOR, "romance-scams", 1)
    assert "romance-scams" in [c.slug for c in store.catalogue()]


def test_unpublishing_takes_a_lesson_away_from_customers(store, db):
    tutor = Tutor(db, store)
    tutor.start("demo", "romance-scams")
    store.unpublish(EDITOR, "romance-scams", 1)
    assert "romance-scams" not in [c.slug for c in store.catalogue()]
    with pytest.raises(LessonNotFound):
        tutor.next("demo")
    with pytest.raises(NotAllowed):
        store.unpublish(TEACHER, "safe-account-calls", 1)


def test_export_writes_the_published_text_that_import_reads_back_unchanged(store, tmp_path):
    written = store.export_dir(tmp_path)
    library = LessonSettings().content_dir
    assert sorted(written) == sorted(p.stem for p in library.glob("*.md"))
    for slug in written:
        assert (tmp_path / f"{slug}.md").read_text() == (library / f"{slug}.md").read_text()
    assert store.import_dir(tmp_path).added == []
