"""The campaigns in the portal on a real app and database: who may see and change them,
the form with its problems next to their fields, cancelling only after the confirm page,
the figures page and the CSV, and the greeting's offer that follows a scheduled campaign."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.bank.models import utcnow
from lessons.campaigns.dialogue import offer_at_greeting
from tests.helpers import app_settings
from tests.support import PAGE, csrf, portal_login
from web import create_app
from web.services import services_of

BASE = "/educator/campaigns"
TODAY = utcnow().date()


@pytest.fixture
def app(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def teacher(client):
    portal_login(client)
    return client


def page(client, path):
    reply = client.get(path, headers=PAGE)
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    return reply.get_data(as_text=True)


def schedule(client, **fields):
    form = {
        "item": "lesson:safe-account-calls",
        "starts_on": TODAY.isoformat(),
        "ends_on": "",
        "audience": "everyone",
        "csrf_token": csrf(client, f"{BASE}/new"),
        **fields,
    }
    return client.post(f"{BASE}/new", data=form, headers=PAGE)


def test_the_pages_need_a_staff_log_in(client):
    for path in (
        f"{BASE}/",
        f"{BASE}/new",
        f"{BASE}/1",
        f"{BASE}/1/cancel",
        f"{BASE}/analytics.csv",
    ):
        reply = client.get(path, headers=PAGE)
        assert reply.status_code == 302 and "/educator/login" in reply.headers["Location"]


def test_a_campaign_scheduled_in_the_form_is_listed_and_offered_at_greeting(teacher, app):
    form = page(teacher, f"{BASE}/new")
    assert '<label for="item">Lesson or practice call</label>' in form
    assert '<option value="rehearsal:prize-fee">The prize with a fee</option>' in form
    assert f'value="{TODAY.isoformat()}"' in form, "the first day is today until changed"
    reply = schedule(teacher, ends_on=(TODAY + dt.timedelta(days=6)).isoformat())
    assert reply.status_code == 302
    listed = page(teacher, reply.headers["Location"])
    assert "Campaign scheduled: The &#34;safe account&#34; phone call, for all customers" in listed
    assert f"{TODAY.isoformat()} to {(TODAY + dt.timedelta(days=6)).isoformat()}" in listed
    assert "0 customers" in listed and '<span class="tag">running</span>' in listed

    offer = offer_at_greeting(services_of(app).bank.campaigns, "demo", TODAY)
    assert offer is not None and offer.item.slug == "safe-account-calls"
    assert "1 customer<" in page(teacher, f"{BASE}/")


def test_problems_are_said_next_to_their_fields_and_nothing_is_saved(teacher):
    reply = schedule(
        teacher,
        item="",
        starts_on=(TODAY - dt.timedelta(days=1)).isoformat(),
        ends_on="next tuesday",
    )
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    assert (
        '<p class="field-problem" id="item-problem">Choose a lesson or a practice call.</p>' in html
    )
    assert "The first day has passed; choose" in html
    assert (
        '<p class="field-problem" id="ends_on-problem">Write the last day as a date, like '
        "2027-01-31, or leave it empty.</p>"
    ) in html
    assert re.search(r'id="starts_on"[^>]*aria-describedby="starts_on-hint starts_on-problem"'
                     r'[^>]*aria-invalid="true"', html)  # fmt: skip
    assert 'value="next tuesday"' in html, "what was written is kept"
    assert '<a href="#item">' in html and '<a href="#ends_on">' in html
    assert "There are no campaigns yet." in page(teacher, f"{BASE}/")


def test_the_last_day_before_the_first_is_refused(teacher):
    reply = schedule(teacher, ends_on=(TODAY - dt.timedelta(days=1)).isoformat())
    assert reply.status_code == 422
    assert "The last day must be the first day or after it." in reply.get_data(as_text=True)


def test_cancelling_asks_first_and_then_stops_the_offers(teacher, app):
    schedule(teacher)
    confirm = page(teacher, f"{BASE}/1/cancel")
    assert "<h1>Cancel the campaign for The &#34;safe account&#34; phone call?</h1>" in confirm
    assert "Yes, cancel the campaign" in confirm and "No, keep it" in confirm
    token = csrf(teacher, f"{BASE}/1/cancel")
    unconfirmed = teacher.post(f"{BASE}/1/cancel", data={"csrf_token": token}, headers=PAGE)
    assert unconfirmed.status_code == 200, "no change without the Yes"
    assert '<span class="tag">running</span>' in page(teacher, f"{BASE}/")
    done = teacher.post(
        f"{BASE}/1/cancel", data={"csrf_token": token, "confirmed": "yes"}, headers=PAGE
    )
    assert done.status_code == 302
    listed = page(teacher, f"{BASE}/")
    assert "Campaign 1 is cancelled" in listed and '<span class="tag">cancelled</span>' in listed
    assert offer_at_greeting(services_of(app).bank.campaigns, "demo", TODAY) is None


def test_a_trainer_sees_the_campaigns_but_may_not_change_them(client):
    portal_login(client, "teacher")
    schedule(client)
    client.post("/educator/logout", data={"csrf_token": csrf(client, f"{BASE}/")}, headers=PAGE)
    portal_login(client, "trainer", "teach-the-assistant")
    listed = page(client, f"{BASE}/")
    assert "The &#34;safe account&#34; phone call" in listed
    assert "New campaign" not in listed and "Educators and reviewers can cancel it" in listed
    for path in (f"{BASE}/new", f"{BASE}/1/cancel"):
        reply = client.get(path, headers=PAGE)
        assert reply.status_code == 302
        said = page(client, reply.headers["Location"])
        assert "Only educators and reviewers schedule and cancel campaigns." in said
    token = csrf(client, f"{BASE}/")
    client.post(f"{BASE}/1/cancel", data={"csrf_token": token, "confirmed": "yes"}, headers=PAGE)
    assert '<span class="tag">running</span>' in page(client, f"{BASE}/")


def test_the_figures_page_and_the_csv(teacher, app):
    schedule(teacher)
    schedule(teacher, item="rehearsal:prize-fee")
    bank = services_of(app).bank
    offer_at_greeting(bank.campaigns, "demo", TODAY)
    bank.tutor.start("demo", "safe-account-calls")
    lesson = page(teacher, f"{BASE}/1")
    assert "How many were offered it, started and finished" in lesson
    assert '<tr><th scope="row">Started</th><td>1</td></tr>' in lesson
    assert '<tr><th scope="row">Step 1</th><td>1</td></tr>' in lesson, "where they stopped"
    practice = page(teacher, f"{BASE}/2")
    assert "Safe and risky answers, step by step" in practice
    assert teacher.get(f"{BASE}/9", headers=PAGE).status_code == 404
    reply = teacher.get(f"{BASE}/analytics.csv")
    assert reply.mimetype == "text/csv"
    rows = reply.get_data(as_text=True).splitlines()
    assert rows[0].startswith("campaign,kind,item,group,")
    assert rows[2] == f"1,lesson,safe-account-calls,everyone,{TODAY},,no,1,1,0,,,Step 1: 1"
