"""The trainer's pages in a real browser, with the keyboard only: the queue a page at a
time, a message under what the assistant had said, what the customer wanted chosen by
its plain name (Save waits for the choice), the next message, and Undo; axe, target
sizes and text sizes at three window sizes; the docs' picture.

The trainer's pages need no dialogue engine, so the web app alone is served here
(werkzeug, on loopback, on a copy of the seeded test database with conversations
written by Rasa's own tracker store), not the whole assistant."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from assistant.bank.db import Database
from assistant.nlu_feedback import NluFeedbackStore
from tests.e2e.browser.checks import (
    PORTAL_BAR_SHARE,
    SIZES,
    WINDOW,
    bar_share,
    check_page,
    docs_shot,
    small_text,
    target_sizes,
)
from tests.e2e.browser.portal import focused_id, tab_to
from tests.helpers import app_settings
from tests.tracker_events import Bot, write_conversations
from web import create_app

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

GAS = "can I sort the gas people out"
ASKED = "Your bill from City Water is due on Friday. What would you like to do?"
# Enough customers for two pages: the gas bill and a quiz answer among them.
CONVERSATIONS: dict[str, list[tuple[str, str] | Bot]] = {
    "gas": [Bot(ASKED, ["Pay a bill", "My balance"]), (GAS, "nlu_fallback")],
    "quiz": [
        Bot(
            "Question 1: a caller says he is from the bank and asks for your PIN. "
            "What do you do? A: tell him. B: hang up and call the bank.",
            ["A", "B"],
        ),
        ("A", "nlu_fallback"),
        ("b", "nlu_fallback"),
    ],  # fmt: skip
    **{
        f"c-{n}": [
            Bot("What would you like to do?"),
            (f"flurble wibble number {n}", "nlu_fallback"),
        ]
        for n in range(22)
    },
}


@pytest.fixture(scope="module")
def served(seeded_template, tmp_path_factory) -> Iterator[tuple[str, Flask, str]]:  # type: ignore[no-untyped-def]
    """The web app's address, the app, and its database's address."""
    path = tmp_path_factory.mktemp("trainer-page") / "bank.db"
    shutil.copy(seeded_template, path)
    url = f"sqlite:///{path}"
    # In a thread of its own: Rasa's store runs an event loop, and Playwright's sync API
    # keeps one running in this thread once the browser is open.
    writer = threading.Thread(target=write_conversations, args=(url, CONVERSATIONS))
    writer.start()
    writer.join()
    app = create_app(app_settings(url))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app, url
    server.shutdown()


@pytest.fixture
def page(browser, served) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=served[0], viewport=WINDOW)
    context.set_default_timeout(30_000)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert not problems, f"JavaScript errors on the page: {problems}"


@pytest.fixture
def store(served) -> Iterator[NluFeedbackStore]:  # type: ignore[no-untyped-def]
    db = Database(served[2])
    yield NluFeedbackStore(db)
    db.dispose()


def keyboard_log_in(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/educator/trainer/")
    assert "/educator/login" in page.url
    tab_to(page, "User name")
    page.keyboard.type("trainer")
    tab_to(page, "Password")
    page.keyboard.type("teach-the-assistant")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def tab_to_text(page, name: str, most: int = 300) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused control's words, hidden ones too, start with `name`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        said = page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ').trim()")
        if said.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focused_label(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return (el.labels && el.labels[0] ? el.labels[0].innerText : el.innerText).trim(); }"
    )


def test_a_message_labelled_and_taken_back_with_the_keyboard_only(page, store):
    keyboard_log_in(page)
    page.get_by_text("Waiting for review: 25").wait_for()
    check_page(page, "trainer-messages")
    assert target_sizes(page) == []
    assert page.get_by_role("link", name="Label").count() == 20, "twenty to a page"

    tab_to(page, "Next page", most=300)
    page.keyboard.press("Enter")
    page.wait_for_url("**/educator/trainer/?page=2")
    assert page.get_by_role("link", name="Label").count() == 5, "alike ones first: 22, then 3"
    tab_to(page, "Previous page")
    page.keyboard.press("Enter")
    page.wait_for_url("**/educator/trainer/?page=1")
    tab_to(page, "Next page", most=300)
    page.keyboard.press("Enter")
    page.wait_for_url("**/educator/trainer/?page=2")

    item = page.locator("li.queue-item").filter(has_text=GAS)
    assert ASKED in item.inner_text(), "the message under what the assistant had said"
    tab_to_text(page, f"Label \u201c{GAS}\u201d")
    page.keyboard.press("Enter")
    page.wait_for_url("**/educator/trainer/messages/*")
    save = page.get_by_role("button", name="Save", exact=True)
    assert save.is_disabled(), "Save waits for a choice"
    assert page.locator("input[name=intent]:checked").count() == 0, "nothing chosen for them"
    check_page(page, "trainer-label")
    assert target_sizes(page) == []

    tab_to(page, "Send money to someone")  # the first choice: Tab enters the group there
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert focused_label(page).startswith("Pay a bill")
    page.get_by_text("You chose: Pay a bill").wait_for()
    assert save.is_enabled()
    docs_shot(page, "trainer-label.png")
    page.keyboard.press("Tab")
    assert focused_id(page) == "save-label"
    page.keyboard.press("Enter")

    page.get_by_text(f"Saved: \u201c{GAS}\u201d as \u201cPay a bill\u201d.").wait_for()
    assert GAS not in {m.text for m in store.waiting()}
    assert page.get_by_role("heading", name="What did the customer want?").is_visible()
    assert GAS not in page.locator("main .moment").first.inner_text(), "the next message opened"
    tab_to(page, "Undo: take this label back")
    page.keyboard.press("Enter")
    page.get_by_text(f"Taken back: \u201c{GAS}\u201d is waiting for review again.").wait_for()
    assert GAS in {m.text for m in store.waiting()}
    assert GAS in page.locator("main .moment").first.inner_text(), "to label it again"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_trainers_pages_fit_the_window(page, size):
    """The bar small, no text under 20 px, nothing wider than the window (check_page)."""
    page.set_viewport_size(SIZES[size])
    keyboard_log_in(page)
    for where in ("the list", "a quiz answer"):
        if where == "a quiz answer":
            page.goto("/educator/trainer/?page=2")
            page.get_by_role("link", name="Label \u201cA\u201d").click()
            page.wait_for_url("**/educator/trainer/messages/*")
            assert "What do you do? A: tell him." in page.locator("main .moment").inner_text()
        share, sticky = bar_share(page)
        assert not sticky and share <= PORTAL_BAR_SHARE, f"{size} {where}: bar {share:.0%}"
        assert small_text(page) == [], where
        assert target_sizes(page) == [], where
