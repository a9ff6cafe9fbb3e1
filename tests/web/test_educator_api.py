"""The educators' API on a real app and database: roles, workflow, preview, analytics."""

import pytest

from lessons.settings import LessonSettings
from lessons.store import LessonStore
from lessons.tutor import Tutor
from tests.helpers import app_settings
from tests.support import GOOD
from web import create_app


@pytest.fixture
def client(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db).test_client()


def staff(client, user="teacher", password="lessons-for-all"):  # noqa: S107 (demo staff)
    reply = client.post("/api/educator/login", json={"user": user, "password": password})
    assert reply.status_code == 200, reply.get_json()
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def customer(client):
    reply = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def test_staff_log_in_with_their_role(client):
    reply = client.post(
        "/api/educator/login", json={"user": "editor", "password": "check-then-publish"}
    )
    assert reply.get_json()["role"] == "reviewer"
    wrong = client.post("/api/educator/login", json={"user": "teacher", "password": "nope"})
    assert wrong.status_code == 401
    assert "do not match" in wrong.get_json()["error"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/educator/lessons"),
        ("post", "/api/educator/lessons"),
        ("put", "/api/educator/lessons/safe-account-calls/draft"),
        ("post", "/api/educator/lessons/safe-account-calls/versions/1/publish"),
        ("post", "/api/educator/lessons/safe-account-calls/versions/1/unpublish"),
        ("get", "/api/educator/lessons/safe-account-calls/analytics"),
        ("post", "/api/educator/preview"),
    ],
)
def test_anonymous_callers_and_customers_are_refused(client, method, path):
    assert getattr(client, method)(path, json={"markdown": GOOD}).status_code == 401
    headers = customer(client)
    reply = getattr(client, method)(path, json={"markdown": GOOD}, headers=headers)
    assert reply.status_code == 401
    assert "educator portal" in reply.get_json()["error"]


def test_the_whole_workflow_over_http(client, db):
    teacher, editor = staff(client), staff(client, "editor", "check-then-publish")
    created = client.post("/api/educator/lessons", json={"markdown": GOOD}, headers=teacher)
    assert created.status_code == 201 and created.get_json()["status"] == "draft"
    preview = client.get(
        "/api/educator/lessons/test-lesson/versions/1/preview", headers=teacher
    ).get_json()["messages"]
    assert preview[0]["text"].startswith("Lesson: A test lesson.")
    assert preview[-1]["text"].startswith("Question 2 of 2: Pick the second.")
    submit = "/api/educator/lessons/test-lesson/versions/1/submit"
    publish = "/api/educator/lessons/test-lesson/versions/1/publish"
    assert client.post(publish, headers=editor).status_code == 409  # not submitted yet
    assert client.post(submit, headers=teacher).get_json()["status"] == "in_review"
    refused = client.post(publish, headers=teacher)
    assert refused.status_code == 403 and "reviewer" in refused.get_json()["error"]
    assert client.post(publish, headers=editor).get_json()["status"] == "published"
    tutor = Tutor(db, LessonStore(db, LessonSettings()))
    assert tutor.start("demo", "test-lesson").stage == "step"
    versions = client.get("/api/educator/lessons/test-lesson/versions", headers=teacher)
    assert [v["status"] for v in versions.get_json()["versions"]] == ["published"]
    listed = client.get("/api/educator/lessons", headers=teacher).get_json()["lessons"]
    assert {"slug": "test-lesson", "published_version": 1}.items() <= next(
        row for row in listed if row["slug"] == "test-lesson"
    ).items()


def test_a_bad_draft_gets_every_problem_back(client):
    teacher = staff(client)
    bad = GOOD.replace("answer: B", "answer: 9").replace("slug: test-lesson", "slug: X")
    reply = client.post("/api/educator/lessons", json={"markdown": bad}, headers=teacher)
    assert reply.status_code == 422
    assert len(reply.get_json()["problems"]) == 2


@pytest.mark.parametrize("body", [None, {}, {"markdown": 5}, {"markdown": "x" * 20_001}])
def test_malformed_bodies_are_400(client, body):
    reply = client.post("/api/educator/preview", json=body, headers=staff(client))
    assert reply.status_code == 400 and "error" in reply.get_json()


def test_live_preview_of_unsaved_text_is_sanitised(client):
    hostile = GOOD.replace("Never tell anyone your PIN.", "<script>x()</script>Never tell.")
    reply = client.post("/api/educator/preview", json={"markdown": hostile}, headers=staff(client))
    body = reply.get_json()
    assert "script" not in str(body["messages"]) and body["warnings"]


def test_analytics_count_starts_completions_and_scores(client, db):
    tutor = Tutor(db, LessonStore(db, LessonSettings()))
    for learner, answers in (("demo", ["B", "B"]), ("robert", ["A", "B"])):
        tutor.start(learner, "safe-account-calls")
        for _ in range(4):
            tutor.next(learner)
        for answer in answers:
            tutor.answer(learner, answer)
    tutor.start("li", "safe-account-calls")
    reply = client.get("/api/educator/lessons/safe-account-calls/analytics", headers=staff(client))
    assert reply.get_json() == {
        "slug": "safe-account-calls",
        "starts": 3,
        "completions": 2,
        "scores": {"1/2": 1, "2/2": 1},
        "interceptions": {"offered": 0, "led_to_lesson": 0},
    }


def test_unknown_lessons_are_404(client):
    reply = client.get("/api/educator/lessons/nothing-here/versions", headers=staff(client))
    assert reply.status_code == 404


def test_wrong_passwords_lock_the_staff_log_in(client):
    for _ in range(5):
        client.post("/api/educator/login", json={"user": "editor", "password": "guess"})
    reply = client.post(
        "/api/educator/login", json={"user": "editor", "password": "check-then-publish"}
    )
    assert reply.status_code == 401
    assert "locked for 15 minutes" in reply.get_json()["error"]  # as for any refusal


def test_a_staff_token_is_not_a_customer_token(client):
    reply = client.post("/api/chat", json={"message": "balance"}, headers=staff(client))
    assert reply.status_code == 401


def test_a_yaml_alias_bomb_is_refused_in_milliseconds(client, tmp_path):
    """441 bytes of nested aliases used to expand to gigabytes when the title became text."""
    import time

    from tests.lessons.yaml_bombs import alias_bomb

    bomb = alias_bomb()
    assert len(bomb) < 600
    started = time.monotonic()
    reply = client.post("/api/educator/preview", json={"markdown": bomb}, headers=staff(client))
    assert time.monotonic() - started < 1.0
    assert reply.status_code == 422  # as every invalid lesson (docs/api.md)
    assert "anchors or aliases" in " ".join(reply.get_json()["problems"])
