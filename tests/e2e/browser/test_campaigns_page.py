"""The campaigns page in a real browser, with the keyboard only: axe on the form, on its
problems, on the list and on the confirm page; schedule a practice call for the customers
who never took a lesson, cancel it after the confirm page; large targets; the docs' picture.

The portal needs no dialogue engine, so the web app alone is served here (werkzeug, on
loopback, on a copy of the seeded test database), not the whole assistant."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.e2e.browser.checks import (
    PORTAL_BAR_SHARE,
    SIZES,
    WINDOW,
    bar_share,
    broken_words,
    check_page,
    docs_shot,
    shift_tab_walk,
    small_text,
    target_sizes,
)
from tests.e2e.browser.portal import focused_id, portal_log_in, tab_to
from tests.helpers import app_settings
from web import create_app

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(scope="module")
def portal_url(seeded_template, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("campaign-portal") / "bank.db"
    shutil.copy(seeded_template, path)
    server = make_server("127.0.0.1", 0, create_app(app_settings(f"sqlite:///{path}")),
                         threaded=True)  # fmt: skip
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(browser, portal_url) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=portal_url, viewport=WINDOW)
    context.set_default_timeout(30_000)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert not problems, f"JavaScript errors on the page: {problems}"


def small_choices(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Radio buttons whose label (the target a finger or a mouse uses) is under 48 px high."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('input[type=radio]'))
            .map(el => el.labels[0]).filter(l => l.getBoundingClientRect().height < 48)
            .map(l => l.innerText.trim())"""
    )


def test_a_campaign_scheduled_and_cancelled_with_the_keyboard_only(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    tab_to(page, "see the campaigns")
    page.keyboard.press("Enter")
    page.wait_for_url("**/educator/campaigns/")
    tab_to(page, "New campaign")
    page.keyboard.press("Enter")
    page.wait_for_url("**/educator/campaigns/new")
    check_page(page, "portal-campaign-form")
    assert [t for t in target_sizes(page) if not t.startswith('INPUT "audience')] == []
    assert small_choices(page) == []

    tab_to(page, "Lesson or practice call")
    page.keyboard.type("The prize")  # type-to-select: the practice call "The prize with a fee"
    assert page.locator("#item").input_value() == "rehearsal:prize-fee"
    tab_to(page, "All customers")  # the chosen radio button of the group
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused_id(page) == "audience-no_lesson_yet"
    tab_to(page, "Schedule the campaign")
    page.keyboard.press("Enter")
    page.get_by_text(
        "Campaign scheduled: The prize with a fee, for customers who have never"
    ).wait_for()
    row = page.locator("tbody tr").first
    assert "Never took a lesson" in row.inner_text()
    check_page(page, "portal-campaigns")
    docs_shot(page, "portal-campaigns.png")

    tab_to(page, "Cancel")  # the only campaign's Cancel
    page.keyboard.press("Enter")
    page.wait_for_url("**/cancel")
    check_page(page, "portal-campaign-cancel")
    tab_to(page, "Yes, cancel the campaign")
    page.keyboard.press("Enter")
    page.get_by_text("is cancelled: nobody is offered The prize with a fee").wait_for()
    assert "cancelled" in page.locator("tbody tr").first.inner_text()


def test_problems_sit_by_their_fields_and_the_page_stays_accessible(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto("/educator/campaigns/new")
    page.locator("#ends_on").fill("2020-01-01")
    page.get_by_role("button", name="Schedule the campaign").click()
    assert page.locator("#item-problem").inner_text() == "Choose a lesson or a practice call."
    assert page.locator("#ends_on-problem").inner_text() == (
        "The last day must be the first day or after it."
    )
    described = page.locator("#ends_on").get_attribute("aria-describedby") or ""
    assert "ends_on-problem" in described.split()
    page.locator("#problem-summary").get_by_role("link").first.click()
    assert focused_id(page) == "item", "the summary's link goes to the field"
    check_page(page, "portal-campaign-form-problems")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_list_and_the_form_fit_the_window(page, size, portal_url):
    page.set_viewport_size(SIZES[size])
    portal_log_in(page, "teacher", "lessons-for-all")
    if "running" not in page.request.get("/educator/campaigns/").text():
        page.goto("/educator/campaigns/new")
        page.locator("#item").select_option("lesson:safe-account-calls")
        page.get_by_role("button", name="Schedule the campaign").click()
        page.get_by_text("Campaign scheduled").wait_for()
    for where in ("/educator/campaigns/", "/educator/campaigns/new"):
        page.goto(where)
        share, sticky = bar_share(page)
        assert not sticky and share <= PORTAL_BAR_SHARE, f"{size} {where}: bar {share:.0%}"
        assert broken_words(page) == [], f"{size} {where}"
        assert small_text(page) == [], where
        page.locator("main").get_by_role("link").first.focus()
        _, hidden = shift_tab_walk(page, most=200)
        assert hidden == [], f"{size} {where}: focus hidden: {hidden}"
