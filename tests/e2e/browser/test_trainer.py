"""Learning from real conversations, in a real browser against the real assistant.

A customer says something the assistant does not understand, then finds the
way; a trainer logs in to the staff portal, sees the message (grouped,
redacted) under what the assistant had said, and says what the customer wanted
by its plain name; an educator is refused the page.
"""

from __future__ import annotations

import pytest

from assistant.nlu_feedback import NluFeedbackStore
from tests.e2e.browser.chat import log_in, say
from tests.e2e.browser.checks import check_page, target_sizes

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

NOT_UNDERSTOOD = "blorp snazzle fwip on my zonk"


def staff_log_in(page, user: str, password: str, to: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(to)
    assert "/educator/login" in page.url, "the page asks for a staff log-in first"
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{to}")


def test_a_trainer_turns_a_misunderstood_message_into_an_example(page, browser, assistant):
    customer = browser.new_context(base_url=assistant.web_url)
    try:
        chat = customer.new_page()
        log_in(chat, "robert", "2468")
        say(chat, NOT_UNDERSTOOD)
        assert "Checking account ending" in say(chat, "what is my balance")
    finally:
        customer.close()

    staff_log_in(page, "teacher", "lessons-for-all", "/educator/trainer/")
    page.get_by_text("This page is for staff with the trainer role.").wait_for()
    page.get_by_role("button", name="Log out teacher").click()
    page.wait_for_url("**/educator/login")

    staff_log_in(page, "trainer", "teach-the-assistant", "/educator/trainer/")
    said = f"\u201c{NOT_UNDERSTOOD}\u201d"
    item = page.locator("li.queue-item").filter(has_text=said)
    item.wait_for()
    assert "The assistant had said" in item.inner_text(), "the message in its conversation"
    check_page(page, "trainer-messages")
    assert target_sizes(page) == []
    item.get_by_role("link", name="Label").click()
    page.wait_for_url("**/educator/trainer/messages/*")
    assert page.locator("input[name=intent]:checked").count() == 0, "nothing chosen for them"
    assert page.get_by_role("button", name="Save", exact=True).is_disabled()
    check_page(page, "trainer-label")
    page.get_by_label("My balance", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(f"Saved: {said} as \u201cMy balance\u201d.").wait_for()

    reviewed = NluFeedbackStore(assistant.db).examples_by_intent()
    assert NOT_UNDERSTOOD in reviewed["check_balance"]
