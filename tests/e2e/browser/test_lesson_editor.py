"""The lesson form in a real browser: axe on the form, the changes and the confirm pages;
a walk with the keyboard only (move a step, save); a step played with its Listen button;
live word counts; the docs' picture."""

from __future__ import annotations

import pytest

from tests.e2e.browser.checks import check_page, docs_shot, target_sizes
from tests.e2e.browser.portal import focused_id, portal_log_in, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SLUG = "spotting-fake-banknotes"  # a lesson no other browser test edits


def test_the_form_with_the_keyboard_only(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/lessons/{SLUG}")
    check_page(page, "portal-lesson-form")
    first = page.locator("#step-1-title").input_value()
    second = page.locator("#step-2-title").input_value()

    tab_to(page, "Move up")  # step 2's: step 1 has none
    page.keyboard.press("Enter")
    page.get_by_text(
        "Step 2 is now step 1. Nothing is saved until you choose Save draft."
    ).wait_for()
    assert focused_id(page) == "step-1-title", "the keyboard stays with the moved step"
    assert page.locator("#step-1-title").input_value() == second
    assert page.locator("#step-2-title").input_value() == first

    tab_to(page, "What step 1 says")
    page.keyboard.type(" Look again.")
    tab_to(page, "Save draft")
    page.keyboard.press("Enter")
    page.get_by_text("Customers do not see it yet.").wait_for()  # a draft, whatever its number


def test_listen_plays_a_step_as_typed_with_the_keyboard_only(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/lessons/{SLUG}")
    tab_to(page, "What step 2 says")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Ask at the bank if you are not sure.")  # not saved: heard as typed
    tab_to(page, "Listen")  # the next Listen after step 2's text is step 2's
    listen = page.get_by_role("button", name="Listen to step 2", exact=True)
    assert listen.evaluate("button => button === document.activeElement")
    with page.expect_response("**/educator/listen") as answered:
        page.keyboard.press("Enter")
    reply = answered.value
    assert reply.status == 200 and reply.header_value("content-type") == "audio/ogg; codecs=opus"
    sent = reply.request.post_data_json
    assert sent["number"] == 2 and sent["of"] == 4
    assert sent["text"].endswith("Ask at the bank if you are not sure.")
    audio = page.locator("#step-2-audio")
    page.wait_for_function(
        "a => a.src.startsWith('blob:') && a.readyState >= 2 && (a.currentTime > 0 || a.ended)",
        arg=audio.element_handle(),
    )
    assert audio.is_visible(), "the player shows, to play it again or stop it"
    assert focused_id(page) == "step-2-listen", "the keyboard stays on the button"
    assert page.locator("#step-1-audio").is_hidden(), "only the step asked for plays"
    assert [t for t in target_sizes(page) if "Listen" in t] == []
    check_page(page, "portal-lesson-form-listen")

    page.locator("#step-3-text").fill("")
    page.get_by_role("button", name="Listen to step 3", exact=True).press("Enter")
    page.locator("#step-3-listen-status").get_by_text(
        "Step 3 needs its heading and what it says before it can be listened to."
    ).wait_for()
    assert page.locator("#step-3-audio").is_hidden()


def test_word_counts_follow_the_typing_and_problems_sit_by_their_box(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/lessons/{SLUG}")
    page.locator("#step-2-text").fill("Call the bank now. " * 17)
    assert page.locator("#step-2-text-hint").inner_text().startswith("68 words")
    page.locator("#preview").get_by_text("The preview shows once these are fixed:").wait_for()
    page.get_by_role("button", name="Save draft", exact=True).click()
    problem = page.locator("#step-2-text-problem")
    assert problem.inner_text() == (
        "Step 2 has 68 words; keep a step to 60 words or fewer so it can be read aloud."
    )
    described = page.locator("#step-2-text").get_attribute("aria-describedby") or ""
    assert "step-2-text-problem" in described.split()
    check_page(page, "portal-lesson-form-problems")


def test_a_reviewer_sees_the_changes_and_confirms(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/lessons/{SLUG}")
    summary = page.locator("#summary")
    summary.fill(summary.input_value() + " Check every note.")
    page.get_by_role("button", name="Save and submit for review").click()
    page.get_by_text("for review. A reviewer checks it").wait_for()
    docs_shot(page, "portal-lesson-form.png")
    page.get_by_role("button", name="Log out teacher").click()

    portal_log_in(page, "editor", "check-then-publish")
    page.goto(f"/educator/lessons/{SLUG}")
    newest = page.locator("table tbody tr").first
    newest.get_by_role("link", name="What changed").click()
    page.locator("ins").filter(has_text="Check every note.").first.wait_for()
    check_page(page, "portal-changes")
    page.go_back()
    newest.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Yes, publish").wait_for()
    check_page(page, "portal-confirm")
    page.get_by_role("link", name="No, go back to the lesson").click()
    assert page.locator("table tbody tr").first.get_by_text("in review").count() == 1
