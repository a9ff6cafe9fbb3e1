"""The practice calls in the portal on a real app and database: the form saves back the
same file, problems sit next to their box, steps and answers added and removed without
JavaScript, import and export of the file, the confirm step before publishing, the
analytics page and CSV, and who may use them."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest

from lessons.rehearsals.store import CONTENT_DIR
from tests.helpers import app_settings
from tests.lessons.rehearsals.support import GOOD
from tests.support import PAGE, csrf, portal_login
from web import create_app

BASE = "/educator/rehearsals"


@pytest.fixture
def client(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db).test_client()


@pytest.fixture
def teacher(client):
    portal_login(client)
    return client


class _Form(HTMLParser):
    """The values a browser would post from the rehearsal form, and each box's description."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.described: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if a.get("id") and a.get("aria-describedby"):
            self.described[a["id"]] = a["aria-describedby"]
        if tag == "input" and a.get("name") and a.get("type") != "file":
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "select":
            self._select = None


def form_of(html: str) -> _Form:
    parser = _Form()
    parser.feed(html[html.index('id="rehearsal-form"') :].split("</form>")[0])
    return parser


def page(client, path):
    reply = client.get(path, headers=PAGE)
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    return reply.get_data(as_text=True)


def test_the_pages_need_a_staff_log_in(client):
    for path in (f"{BASE}/", f"{BASE}/new", f"{BASE}/prize-fee", f"{BASE}/analytics.csv"):
        reply = client.get(path, headers=PAGE)
        assert reply.status_code == 302 and "/educator/login" in reply.headers["Location"]


@pytest.mark.parametrize("path", sorted(CONTENT_DIR.glob("*.yml")), ids=lambda p: p.stem)
def test_the_form_of_each_library_file_saves_back_the_same_file(teacher, path):
    slug = path.stem
    values = form_of(page(teacher, f"{BASE}/{slug}")).values
    reply = teacher.post(f"{BASE}/{slug}", data={**values, "action": "save"}, headers=PAGE)
    assert reply.status_code == 302
    assert "Nothing has changed since version 1" in page(teacher, f"{BASE}/{slug}")


def test_a_problem_sits_next_to_its_box(teacher):
    values = form_of(page(teacher, f"{BASE}/prize-fee")).values
    values["step-2-answer-1-feedback"] = ""
    reply = teacher.post(f"{BASE}/prize-fee", data={**values, "action": "save"}, headers=PAGE)
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    assert (
        '<p class="field-problem" id="step-2-answer-1-feedback-problem">Write the feedback' in html
    )
    described = form_of(html).described["step-2-answer-1-feedback"].split()
    assert "step-2-answer-1-feedback-problem" in described
    assert '<a href="#step-2-answer-1-feedback">' in html  # the summary links to the box


def test_a_new_rehearsal_is_built_in_the_form_without_javascript(teacher):
    html = page(teacher, f"{BASE}/new")
    values = form_of(html).values
    assert values["step-1-id"] == "step-1" and values["step-1-answer-2-next"] == "end"

    def press(action, **changes):
        nonlocal values
        reply = teacher.post(f"{BASE}/new", data={**values, **changes, "action": action},
                             headers=PAGE)  # fmt: skip
        if reply.status_code != 302:
            values = form_of(reply.get_data(as_text=True)).values
        return reply

    press("add-step")
    assert "step-2-id" in values
    added = press("add-answer-1")
    assert "Answer 3 added to step 1." in added.get_data(as_text=True)
    press("remove-answer-1-3")
    assert "step-1-answer-3-text" not in values
    filled = {
        "slug": "bus-call", "title": "The bus pass call",
        "summary": "A caller says your bus pass needs a fee.",
        "remember": "Hang up and call the council yourself.", "keywords": "bus pass, council",
        "step-1-id": "the-call",
        "step-1-caller": "Hello, your bus pass runs out today. Pay a fee.",
        "step-1-answer-1-text": "Hang up", "step-1-answer-1-move": "hang_up",
        "step-1-answer-1-feedback": "Good. Hanging up is safe.", "step-1-answer-1-next": "end",
        "step-1-answer-2-text": "Pay the fee", "step-1-answer-2-move": "move_money",
        "step-1-answer-2-feedback": "That is what the scammer wants.",
        "step-1-answer-2-next": "card", "step-2-id": "card",
        "step-2-caller": "Thank you. Read me your card number.",
        "step-2-answer-1-text": "Say no", "step-2-answer-1-move": "refuse",
        "step-2-answer-1-feedback": "Well done. Say no to a caller.",
        "step-2-answer-2-text": "Read it out", "step-2-answer-2-move": "give_details",
        "step-2-answer-2-feedback": "Your card number lets him take your money.",
    }  # fmt: skip
    saved = press("submit", **filled)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"{BASE}/bus-call")
    html = page(teacher, f"{BASE}/bus-call")
    assert "submitted it for review" in html
    assert "Practice call. The caller says: &#34;Hello, your bus pass" in html


def test_import_a_file_and_export_it(teacher):
    token = csrf(teacher, f"{BASE}/new/text")
    reply = teacher.post(
        f"{BASE}/new/text",
        data={
            "csrf_token": token,
            "action": "save",
            "text": "",
            "file": (io.BytesIO(GOOD.encode()), "test-call.yml"),
        },  # fmt: skip
        headers=PAGE,
        content_type="multipart/form-data",
    )
    assert reply.status_code == 302, reply.get_data(as_text=True)[:800]
    exported = teacher.get(f"{BASE}/test-call/file")
    assert exported.get_data(as_text=True) == GOOD
    assert 'filename="test-call.yml"' in exported.headers["Content-Disposition"]


def test_a_bad_file_shows_its_lines(teacher):
    token = csrf(teacher, f"{BASE}/new/text")
    reply = teacher.post(
        f"{BASE}/new/text",
        data={"csrf_token": token, "text": GOOD.replace("next: again", "next: nowhere")},
        headers=PAGE,
    )
    assert reply.status_code == 422
    assert "Line 17: Answer 2 of step 1 leads to &#39;nowhere&#39;" in reply.get_data(as_text=True)


def test_review_a_teacher_submits_and_a_reviewer_confirms_before_publishing(client):
    portal_login(client)
    token = csrf(client, f"{BASE}/new/text")
    client.post(f"{BASE}/new/text", data={"csrf_token": token, "text": GOOD, "action": "submit"},
                headers=PAGE)  # fmt: skip
    assert "Publish" not in page(client, f"{BASE}/test-call").split('id="versions-title"')[1]
    refused = client.post(f"{BASE}/test-call/versions/1/publish",
                          data={"csrf_token": token, "confirmed": "yes"}, headers=PAGE)  # fmt: skip
    assert refused.status_code == 302
    client.post("/educator/logout", data={"csrf_token": token}, headers=PAGE)

    portal_login(client, "editor", "check-then-publish")
    token = csrf(client, f"{BASE}/test-call")
    confirm = page(client, f"{BASE}/test-call/versions/1/publish")
    assert "Yes, publish version 1" in confirm
    assert "Practice call. The caller says:" in confirm
    done = client.post(f"{BASE}/test-call/versions/1/publish",
                       data={"csrf_token": token, "confirmed": "yes"}, headers=PAGE)  # fmt: skip
    assert done.status_code == 302
    assert "Version 1 is published." in page(client, f"{BASE}/test-call")


def test_the_list_the_analytics_page_and_the_csv(teacher):
    listing = page(teacher, f"{BASE}/")
    assert "The prize with a fee" in listing and "Download all figures (CSV)" in listing
    assert "How many started, finished and stopped" in page(teacher, f"{BASE}/prize-fee/analytics")
    csv = teacher.get(f"{BASE}/analytics.csv")
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).startswith("rehearsal,started,finished")


def test_a_form_post_without_its_csrf_token_is_refused(teacher):
    values = form_of(page(teacher, f"{BASE}/prize-fee")).values
    values.pop("csrf_token")
    assert teacher.post(f"{BASE}/prize-fee", data=values, headers=PAGE).status_code == 400
