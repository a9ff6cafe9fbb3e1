"""The lesson form on a real app and database: what the page's boxes hold saves back as
the same text, problems sit next to their box, add/remove/move without JavaScript, the
confirm step before publishing, what changed, and who may use it."""

from __future__ import annotations

import re

import pytest

from lessons.settings import LessonSettings
from tests.helpers import app_settings
from tests.support import PAGE, csrf, portal_login
from tests.web.lesson_form import FORM, form_of, page
from web import create_app

LIBRARY = sorted(LessonSettings().content_dir.glob("*.md"))


@pytest.fixture
def client(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db).test_client()


def test_a_customer_and_no_one_reach_the_form(client):
    for path in (
        "/educator/new",
        FORM.format("romance-scams"),
        FORM.format("romance-scams") + "/versions/1/changes",
    ):
        assert client.get(path, headers=PAGE).status_code == 302, path
    assert client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).status_code == 200
    reply = client.get(FORM.format("romance-scams"), headers=PAGE)
    assert reply.status_code == 302 and reply.headers["Location"].startswith("/educator/login")


def test_the_form_needs_its_csrf_token(client):
    portal_login(client)
    values = form_of(page(client, FORM.format("romance-scams"))).values
    values.pop("csrf_token")
    reply = client.post(
        FORM.format("romance-scams"), data={**values, "action": "save"}, headers=PAGE
    )
    assert reply.status_code == 400


@pytest.mark.parametrize("path", LIBRARY[:4], ids=[p.stem for p in LIBRARY[:4]])
def test_what_the_form_shows_saves_back_as_the_same_text(client, path):
    portal_login(client)
    slug = path.stem
    values = form_of(page(client, FORM.format(slug))).values
    assert values["question-1-answer"] in "ABCD" and values["step-1-text"]
    reply = client.post(FORM.format(slug), data={**values, "action": "save"}, headers=PAGE)
    assert reply.status_code == 302
    after = page(client, reply.headers["Location"])
    assert "Nothing has changed since version 1, so nothing was saved." in after
    text = client.get(f"/educator/lessons/{slug}/text", headers=PAGE).get_data(as_text=True)
    assert "Version 2" not in text


def test_a_change_saves_a_draft_and_says_what_happens_next(client):
    portal_login(client)
    values = form_of(page(client, FORM.format("romance-scams"))).values
    values["title"] = "Love that asks for money"
    reply = client.post(
        FORM.format("romance-scams"), data={**values, "action": "save"}, headers=PAGE
    )
    after = page(client, reply.headers["Location"])
    assert (
        "Saved draft version 2. Customers do not see it yet. "
        "When it is ready, choose Submit for review." in after
    )
    source = page(client, "/educator/lessons/romance-scams/text")
    assert "title: Love that asks for money" in source


def test_save_and_submit_sends_it_to_a_reviewer(client):
    portal_login(client)
    values = form_of(page(client, FORM.format("romance-scams"))).values
    values["summary"] = "People you meet online may ask for money. Say no."
    reply = client.post(
        FORM.format("romance-scams"), data={**values, "action": "submit"}, headers=PAGE
    )
    after = page(client, reply.headers["Location"])
    assert (
        "Saved version 2 and submitted it for review. A reviewer checks it and publishes it"
        in after
    )
    assert "in review" in after


def test_problems_are_said_next_to_their_box(client):
    portal_login(client)
    values = form_of(page(client, FORM.format("romance-scams"))).values
    values["step-2-text"] = "Call the bank now. " * 17
    values["question-1-answer"] = ""
    reply = client.post(
        FORM.format("romance-scams"), data={**values, "action": "save"}, headers=PAGE
    )
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    form = form_of(html)
    assert "step-2-text-problem" in form.described["step-2-text"].split()
    said = re.search(r'id="step-2-text-problem">([^<]*)<', html).group(1)
    assert said == "Step 2 has 68 words; keep a step to 60 words or fewer so it can be read aloud."
    answer = re.search(r'id="question-1-answer-problem">([^<]*)<', html).group(1)
    assert answer.startswith("Choose the right answer of question 1")
    assert 'aria-invalid="true"' in html and "The lesson needs changes before it is saved" in html
    assert form.values["step-2-text"].startswith("Call the bank now."), "what was typed stays"


def test_steps_move_and_are_added_and_removed_without_javascript(client):
    portal_login(client)
    values = form_of(page(client, FORM.format("romance-scams"))).values
    first, second = values["step-1-title"], values["step-2-title"]
    moved = client.post(
        FORM.format("romance-scams"), data={**values, "action": "step-up-2"}, headers=PAGE
    )
    assert moved.status_code == 200
    html = moved.get_data(as_text=True)
    after = form_of(html).values
    assert (after["step-1-title"], after["step-2-title"]) == (second, first)
    assert "Step 2 is now step 1. Nothing is saved until you choose Save draft." in html
    assert re.search(r'id="step-1-title"[^>]*autofocus', html), "the keyboard keeps its place"
    added = client.post(
        FORM.format("romance-scams"), data={**after, "action": "add-step"}, headers=PAGE
    )
    grown = form_of(added.get_data(as_text=True)).values
    assert "step-5-title" in grown or "step-4-title" in grown
    assert page(client, "/educator/lessons/romance-scams/text").count("Version 2") == 0, (
        "nothing saved"
    )


def test_a_new_lesson_from_the_form(client):
    portal_login(client)
    values = form_of(page(client, "/educator/new")).values
    values.update(slug="bus-pass-scams", title="Fake bus pass offers",
                  summary="Free bus passes are never sold by phone.")  # fmt: skip
    reply = client.post("/educator/new", data={**values, "action": "save"}, headers=PAGE)
    assert reply.status_code == 302 and reply.headers["Location"] == FORM.format("bus-pass-scams")


def test_the_preview_marks_the_right_answer_on_every_page(client):
    portal_login(client)
    slug = "safe-account-calls"
    right = (
        "B. Hang up, then call your bank on the number on your card <strong>(right answer)</strong>"
    )
    for path in (FORM.format(slug), f"{FORM.format(slug)}/text", f"{FORM.format(slug)}/versions/1"):
        html = page(client, path)
        assert right in html, path
        assert "<strong>Explanation:</strong> Real police never ask you to move money." in html
    values = form_of(page(client, FORM.format(slug))).values
    live = client.post(
        "/educator/preview", data=values, headers={"X-CSRFToken": values["csrf_token"]}
    )
    assert live.status_code == 200 and right in live.get_json()["html"]


def _submitted_change(client) -> None:
    portal_login(client)
    values = form_of(page(client, FORM.format("romance-scams"))).values
    values["step-1-text"] = values["step-1-text"].replace("online", "on the internet", 1)
    values["question-1-answer"] = "A" if values["question-1-answer"] != "A" else "B"
    client.post(FORM.format("romance-scams"), data={**values, "action": "submit"}, headers=PAGE)
    client.post("/educator/logout", data={"csrf_token": values["csrf_token"]}, headers=PAGE)


def test_a_reviewer_sees_what_changed_and_confirms_before_publishing(client):
    _submitted_change(client)
    portal_login(client, "editor", "check-then-publish")
    changes = page(client, FORM.format("romance-scams") + "/versions/2/changes")
    assert "Against the published version 1." in changes
    assert '<ins><span class="visually-hidden">added: </span>on the internet,</ins>' in changes
    assert "Right answer:" in changes and "<del>" in changes
    token = csrf(client, FORM.format("romance-scams"))
    url = FORM.format("romance-scams") + "/versions/2/publish"
    asked = client.post(url, data={"csrf_token": token}, headers=PAGE)
    assert asked.status_code == 200, "the first click only asks"
    html = asked.get_data(as_text=True)
    assert "Publish version 2 of" in html and "Yes, publish version 2" in html
    assert "Version 1, published now, is archived." in html
    assert "in review" in page(client, FORM.format("romance-scams"))
    done = client.post(url, data={"csrf_token": token, "confirmed": "yes"}, headers=PAGE)
    assert done.status_code == 302
    assert "Version 2 is published. Customers get it from their next lesson" in page(
        client, done.headers["Location"]
    )
    unpublish = page(client, FORM.format("romance-scams") + "/versions/2/unpublish")
    assert "Yes, unpublish version 2" in unpublish and "no longer offered" in unpublish


def test_an_educator_is_not_asked_to_confirm_what_they_may_not_do(client):
    _submitted_change(client)
    portal_login(client)
    token = csrf(client, FORM.format("romance-scams"))
    reply = client.post(
        FORM.format("romance-scams") + "/versions/2/publish",
        data={"csrf_token": token, "confirmed": "yes"},
        headers={**PAGE, "Referer": "/educator/lessons/romance-scams"},
    )
    assert reply.status_code == 302
    assert "Only a reviewer can do that" in page(client, reply.headers["Location"])
    assert "in review" in page(client, FORM.format("romance-scams"))
