"""The educators' API for practice calls on a real app and database: roles, the review
workflow, problems with their line and field, preview, export and the analytics CSV."""

from __future__ import annotations

import pytest

from lessons.rehearsals import play
from tests.helpers import app_settings
from tests.lessons.rehearsals.support import GOOD
from web import create_app
from web.services import services_of

API = "/api/educator/rehearsals"


@pytest.fixture
def app(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db)


@pytest.fixture
def client(app):
    return app.test_client()


def staff(client, user="teacher", password="lessons-for-all"):  # noqa: S107 (demo staff)
    reply = client.post("/api/educator/login", json={"user": user, "password": password})
    assert reply.status_code == 200, reply.get_json()
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def test_every_route_needs_a_staff_token(client):
    customer = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).get_json()
    for headers in ({}, {"Authorization": f"Bearer {customer['token']}"}):
        assert client.get(API, headers=headers).status_code == 401
        assert client.post(API, json={"text": GOOD}, headers=headers).status_code == 401
        assert client.get(f"{API}/analytics.csv", headers=headers).status_code == 401


def test_the_library_is_listed(client):
    rows = client.get(API, headers=staff(client)).get_json()["rehearsals"]
    assert {r["slug"] for r in rows} >= {"safe-account-call", "prize-fee", "online-friend"}
    assert all(r["published_version"] == 1 for r in rows)


def test_write_submit_and_only_a_reviewer_publishes(client):
    teacher, editor = staff(client), staff(client, "editor", "check-then-publish")
    created = client.post(API, json={"text": GOOD}, headers=teacher)
    assert created.status_code == 201 and created.get_json()["status"] == "draft"
    assert client.post(f"{API}/test-call/versions/1/submit", headers=teacher).status_code == 200
    refused = client.post(f"{API}/test-call/versions/1/publish", headers=teacher)
    assert refused.status_code == 403 and "reviewer" in refused.get_json()["error"]
    again = client.post(f"{API}/test-call/versions/1/submit", headers=teacher)
    assert again.status_code == 409
    published = client.post(f"{API}/test-call/versions/1/publish", headers=editor)
    assert published.get_json()["status"] == "published"
    edited = client.put(f"{API}/test-call/draft", json={"text": GOOD.replace(
        "A test call", "A test call again")}, headers=teacher)  # fmt: skip
    assert edited.get_json()["number"] == 2
    numbers = [v["number"] for v in client.get(f"{API}/test-call/versions",
                                               headers=teacher).get_json()["versions"]]  # fmt: skip
    assert numbers == [1, 2]


def test_problems_come_with_their_line_and_field(client):
    reply = client.post(API, json={"text": GOOD.replace("next: again", "next: nowhere")},
                        headers=staff(client))  # fmt: skip
    assert reply.status_code == 422
    detail = reply.get_json()["details"][0]
    assert detail["field"] == "step-1-answer-2-next" and detail["line"] == 17
    assert reply.get_json()["problems"][0].startswith("Line 17: Answer 2 of step 1 leads to")


def test_bad_bodies_say_what_to_send(client):
    reply = client.post(API, json={"markdown": GOOD}, headers=staff(client))
    assert reply.status_code == 400 and '{"text": ' in reply.get_json()["error"]


def test_preview_and_export(client):
    teacher = staff(client)
    preview = client.post(f"{API}/preview", json={"text": GOOD}, headers=teacher).get_json()
    assert preview["steps"][0]["text"].startswith("Practice call. The caller says:")
    assert preview["steps"][0]["answers"][1]["kind"] == "risky"
    exported = client.get(f"{API}/prize-fee/versions/1/file", headers=teacher)
    assert exported.mimetype == "application/yaml"
    assert exported.get_data(as_text=True).startswith("slug: prize-fee\n")
    assert "prize-fee.yml" in exported.headers["Content-Disposition"]


def test_analytics_per_decision_and_the_csv(app, client):
    store = services_of(app).bank.rehearsals
    reply = play.start("prize-fee", store)
    play.answer(reply.state, "I never entered any draw, no", store)
    teacher = staff(client)
    figures = client.get(f"{API}/prize-fee/analytics", headers=teacher).get_json()
    assert figures["finished"] == 1 and figures["scores"] == {"1/1": 1}
    assert figures["steps"][0]["safe_share"] == 1.0
    csv = client.get(f"{API}/analytics.csv", headers=teacher)
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].startswith("rehearsal,started,finished,stopped,mean_score,step,")
    assert "prize-fee,1,1,0,1.0,the-call,1,1,0,0,1.0,0.0,1.0" in lines
