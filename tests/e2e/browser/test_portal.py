"""The educator portal in a real browser: log in, edit with a live preview,
submit, publish as a reviewer, analytics; the customer then gets the new
text; a customer cannot use the portal."""

from __future__ import annotations

import pytest
import requests

from tests.e2e.browser.chat import log_in, say
from tests.e2e.browser.checks import (
    PORTAL_BAR_SHARE,
    SIZES,
    bar_share,
    broken_words,
    check_page,
    docs_shot,
    shift_tab_walk,
    small_text,
)
from tests.e2e.browser.portal import portal_log_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LESSON = "How your savings are protected"
NEW_TITLE = "Your savings are protected by law"
UNTOUCHED = "The first hour after a scam"  # a lesson no test here edits


def test_an_educator_writes_a_reviewer_publishes_a_customer_sees(page, browser, assistant):
    page.goto("/educator/")
    check_page(page, "portal-login")
    portal_log_in(page, "teacher", "lessons-for-all")
    check_page(page, "portal-lessons")
    page.get_by_role("link", name=LESSON, exact=True).click()
    page.get_by_role("link", name="Edit this lesson as text (Markdown)").click()
    editor = page.get_by_label("Lesson text (Markdown with YAML front matter)")
    preview = page.locator("#preview")
    preview.get_by_text(f"{LESSON}.", exact=True).wait_for()
    check_page(page, "portal-edit")

    source = editor.input_value()
    editor.fill(source.replace("quiz:", "quiz-gone:"))  # broken: the preview says what to fix
    preview.locator(".problems").wait_for()
    assert "quiz" in preview.inner_text().lower()
    editor.fill(source.replace(f"title: {LESSON}", f"title: {NEW_TITLE}"))
    preview.get_by_text(f"{NEW_TITLE}.", exact=True).wait_for()
    assert preview.locator("article.card-step").count() == 4, "every step as a card"
    assert "Reading grade" in page.locator("#preview-status").inner_text()

    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Saved draft version 2.").wait_for()
    page.get_by_role("button", name="Submit for review version 2").click()
    page.get_by_text("Version 2 is submitted for review.").wait_for()
    assert page.get_by_role("button", name="Publish version 2").count() == 0, (
        "an educator cannot publish"
    )
    page.get_by_role("button", name="Log out teacher").click()
    page.wait_for_url("**/educator/login")

    portal_log_in(page, "editor", "check-then-publish")
    page.get_by_role("link", name=NEW_TITLE, exact=True).click()  # the newest version's title
    page.get_by_role("button", name="Publish version 2").click()
    page.get_by_role("button", name="Yes, publish version 2").click()  # the confirm page
    page.get_by_text("Version 2 is published.").wait_for()
    page.get_by_role("link", name="Version 2").click()
    page.locator(".preview").get_by_text(f"{NEW_TITLE}.", exact=True).wait_for()
    check_page(page, "portal-version")

    customer = browser.new_context(base_url=assistant.web_url)
    try:
        chat = customer.new_page()
        log_in(chat, "robert", "2468")
        assert say(chat, "teach me about deposit insurance").startswith(f"{NEW_TITLE}.")
    finally:
        customer.close()

    page.go_back()
    page.get_by_role("link", name="See this lesson's analytics").click()
    # Use, where robert stopped, and the pauses; no quiz scores yet.
    assert page.locator("svg.chart").count() == 3
    started = page.get_by_role("row", name="Started").get_by_role("cell").inner_text()
    assert int(started) >= 1, "robert's start is counted"
    check_page(page, "portal-analytics")


def test_a_customer_cannot_use_the_portal(page, assistant):
    log_in(page)  # a customer's log-in in this browser
    page.goto("/educator/")
    assert "/educator/login" in page.url
    page.get_by_label("User name").fill("demo")
    page.get_by_label("Password").fill("1234")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text().strip() != ""
    assert "/educator/login" in page.url
    # Nor with the customer's bearer token, nor with a form posted from elsewhere.
    token = page.evaluate("sessionStorage.getItem('bankToken')")
    base = assistant.web_url
    lessons = requests.get(
        f"{base}/api/educator/lessons", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert lessons.status_code == 401
    forged = requests.post(
        f"{base}/educator/lessons/deposit-insurance-basics/versions/1/unpublish",
        headers={"Accept": "text/html"}, allow_redirects=False, timeout=30,
    )  # fmt: skip
    assert forged.status_code == 400, "no CSRF token, no change"


def fits(page, where: str) -> None:  # type: ignore[no-untyped-def]
    """The bar small and scrolling away, no word of a table broken, no small text,
    and a Shift+Tab walk round the page with no control hidden under the bar."""
    share, sticky = bar_share(page)
    assert not sticky, f"{where}: the portal's bar scrolls away with the page"
    assert share <= PORTAL_BAR_SHARE, f"{where}: the bar takes {share:.0%} of the window"
    assert broken_words(page) == [], where
    assert small_text(page) == [], where
    visited, hidden = shift_tab_walk(page)
    assert hidden == [], f"{where}: focus hidden: {hidden}"
    assert len(visited) >= 5, visited


@pytest.mark.parametrize("size", list(SIZES))
def test_the_lesson_list_and_the_editor_fit_the_window(page, size):
    page.set_viewport_size(SIZES[size])
    portal_log_in(page, "teacher", "lessons-for-all")
    fits(page, f"{size}, the lesson list")
    if size == "phone":
        docs_shot(page, "portal-lessons-phone.png")
    page.get_by_role("link", name=UNTOUCHED, exact=True).click()
    page.locator("#preview").get_by_text(f"{UNTOUCHED}.", exact=True).wait_for()
    fits(page, f"{size}, the editor")
