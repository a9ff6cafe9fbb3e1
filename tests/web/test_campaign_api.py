"""The educators' API for campaigns on a real app and database: a staff token for every
route, scheduling with each problem and its field, only educators and reviewers change,
cancelling, the figures after a greeting's offer and the CSV."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.bank.models import utcnow
from lessons.campaigns.dialogue import offer_at_greeting
from tests.helpers import app_settings
from web import create_app
from web.services import services_of

API = "/api/educator/campaigns"
TODAY = utcnow().date()
LESSON = {"kind": "lesson", "slug": "safe-account-calls", "audience": "everyone",
          "starts_on": TODAY.isoformat(), "ends_on": None}  # fmt: skip


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
        assert client.post(API, json=LESSON, headers=headers).status_code == 401
        assert client.post(f"{API}/1/cancel", headers=headers).status_code == 401
        assert client.get(f"{API}/1/analytics", headers=headers).status_code == 401
        assert client.get(f"{API}/analytics.csv", headers=headers).status_code == 401


def test_schedule_list_and_cancel(client, app):
    teacher = staff(client)
    end = (TODAY + dt.timedelta(days=13)).isoformat()
    created = client.post(API, json={**LESSON, "ends_on": end}, headers=teacher)
    assert created.status_code == 201
    assert created.get_json() == {
        "id": 1, "kind": "lesson", "slug": "safe-account-calls",
        "title": 'The "safe account" phone call', "audience": "everyone",
        "starts_on": TODAY.isoformat(), "ends_on": end, "status": "running", "reached": 0,
        "created_by": "teacher",
    }  # fmt: skip
    assert [c["id"] for c in client.get(API, headers=teacher).get_json()["campaigns"]] == [1]
    cancelled = client.post(
        f"{API}/1/cancel", headers=staff(client, "editor", "check-then-publish")
    )
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert offer_at_greeting(services_of(app).bank.campaigns, "demo", TODAY) is None
    assert client.post(f"{API}/7/cancel", headers=teacher).status_code == 404


def test_each_problem_comes_with_its_field(client):
    reply = client.post(
        API,
        json={"kind": "rehearsal", "slug": "no-such-call", "audience": "neighbours",
              "starts_on": "tomorrow", "ends_on": "2020-13-01"},
        headers=staff(client),
    )  # fmt: skip
    assert reply.status_code == 422
    fields = {d["field"] for d in reply.get_json()["details"]}
    assert fields == {"item", "audience", "starts_on", "ends_on"}
    assert client.get(API, headers=staff(client)).get_json()["campaigns"] == []
    assert client.post(API, json=["not", "an", "object"], headers=staff(client)).status_code == 400


def test_a_trainer_reads_but_may_not_schedule_or_cancel(client):
    client.post(API, json=LESSON, headers=staff(client))
    trainer = staff(client, "trainer", "teach-the-assistant")
    assert client.get(API, headers=trainer).status_code == 200
    assert client.post(API, json=LESSON, headers=trainer).status_code == 403
    assert client.post(API, json={**LESSON, "slug": "nothing"}, headers=trainer).status_code == 403
    assert client.post(f"{API}/1/cancel", headers=trainer).status_code == 403
    assert len(client.get(API, headers=trainer).get_json()["campaigns"]) == 1


def test_the_figures_and_the_csv(client, app):
    teacher = staff(client)
    client.post(API, json=LESSON, headers=teacher)
    bank = services_of(app).bank
    offer_at_greeting(bank.campaigns, "li", TODAY)
    bank.tutor.start("li", "safe-account-calls")
    bank.tutor.next("li")
    figures = client.get(f"{API}/1/analytics", headers=teacher).get_json()
    assert {k: figures[k] for k in ("reached", "started", "finished", "stops")} == {
        "reached": 1, "started": 1, "finished": 0, "stops": [["Step 2", 1]],
    }  # fmt: skip
    csv = client.get(f"{API}/analytics.csv", headers=teacher)
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).splitlines()[1] == (
        f"1,lesson,safe-account-calls,everyone,{TODAY},,no,1,1,0,,,Step 2: 1"
    )
    assert client.get(f"{API}/5/analytics", headers=teacher).status_code == 404
