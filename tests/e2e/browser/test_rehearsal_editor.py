"""The practice call form in a real browser, with the keyboard only: axe on the form and
on its problems, add an answer and fill it in (button words, kind of move, feedback, next
step) and save; a problem sits by its box; the docs' picture.

The portal needs no dialogue engine, so the web app alone is served here (werkzeug, on
loopback, on a copy of the seeded test database), not the whole assistant."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from lessons.rehearsals import play
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
)
from tests.e2e.browser.portal import portal_log_in
from tests.helpers import app_settings
from web import create_app
from web.services import services_of

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SLUG = "tech-support-call"  # a practice call no other browser test edits


@pytest.fixture(scope="module")
def served(seeded_template, tmp_path_factory) -> Iterator[tuple[str, Flask]]:  # type: ignore[no-untyped-def]
    """The web app's address, and the app (its services reach the same database)."""
    path = tmp_path_factory.mktemp("rehearsal-portal") / "bank.db"
    shutil.copy(seeded_template, path)
    app = create_app(app_settings(f"sqlite:///{path}"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()


@pytest.fixture(scope="module")
def portal_url(served) -> str:  # type: ignore[no-untyped-def]
    return served[0]


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


def tab_to(page, name: str, most: int = 250) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused control's label or text starts with `name`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        said = page.evaluate(
            """() => { const el = document.activeElement;
                       const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
                       return (label || el.innerText || el.value || '').trim(); }"""
        )
        if said.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focused_id(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.activeElement.id")


def test_an_answer_added_and_filled_in_with_the_keyboard_only(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/rehearsals/{SLUG}")
    check_page(page, "portal-rehearsal-form")

    tab_to(page, "Add an answer to step 2")
    page.keyboard.press("Enter")
    page.get_by_text("Answer 4 added to step 2. Nothing is saved until you choose Save draft.")\
        .wait_for()  # fmt: skip
    assert focused_id(page) == "step-2-answer-4-text", "the keyboard goes to the new answer"
    page.keyboard.type("Call my son")
    tab_to(page, "Kind of move of answer 4")
    page.keyboard.type("Tell")  # type-to-select: "Tell someone (safe)"
    assert page.locator("#step-2-answer-4-move").input_value() == "tell_someone"
    tab_to(page, "What the assistant says after answer 4")
    page.keyboard.type("Good. Your son can check the computer with you.")
    tab_to(page, "After answer 4, go to")
    assert page.locator("#step-2-answer-4-next").input_value() == "end"
    tab_to(page, "Save draft")
    page.keyboard.press("Enter")
    page.get_by_text("Customers do not see it yet.").wait_for()
    assert page.locator("#step-2-answer-4-text").input_value() == "Call my son"
    page.locator("#preview").get_by_text("Call my son").wait_for()
    docs_shot(page, "portal-rehearsal-form.png")


def test_a_problem_sits_by_its_box_and_the_page_stays_accessible(page):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/rehearsals/{SLUG}")
    page.locator("#step-1-answer-1-next").select_option("the-code")
    page.locator("#step-3-answer-1-feedback").fill("Well done, he thanks you.")
    page.get_by_role("button", name="Save draft", exact=True).click()
    problem = page.locator("#step-3-answer-1-feedback-problem")
    assert problem.inner_text() == (
        "The feedback of answer 1 of step 3 praises a risky move. Say kindly why it is risky."
    )
    described = page.locator("#step-3-answer-1-feedback").get_attribute("aria-describedby")
    assert "step-3-answer-1-feedback-problem" in (described or "").split()
    page.locator("#problem-summary").get_by_role("link").first.wait_for()
    check_page(page, "portal-rehearsal-form-problems")


def test_the_chats_cards_mark_a_practice_call_on_every_message(page, served):
    """The chat draws messages with cards.js; a practice call's card never says Lesson."""
    page.goto("/educator/login")
    page.add_script_tag(url="/static/cards.js")
    store = services_of(served[1]).bank.rehearsals
    reply = play.start("prize-fee", store)
    after = play.answer(reply.state, "no", store)
    headings = page.evaluate(
        """messages => messages.map(m => {
             const box = window.BankCards.render(m, {onChoose: () => {}});
             return [box.querySelector('.lesson-name').textContent,
                     box.querySelector('.progress').textContent];
           })""",
        [*reply.messages, *after.messages],
    )
    assert headings == [
        ["The prize with a fee", "Practice call"],
        ["The prize with a fee", "Practice call"],
        ["The prize with a fee", "Practice call: your answer"],
        ["The prize with a fee", "Practice call: your score"],
    ]


@pytest.mark.parametrize("size", list(SIZES))
def test_the_list_and_the_form_fit_the_window(page, size):
    """The bar small and scrolling away, no table word
    broken, no small text, no control hidden under the bar on a Shift+Tab walk."""
    page.set_viewport_size(SIZES[size])
    portal_log_in(page, "teacher", "lessons-for-all")
    page.get_by_role("link", name="see the practice calls").click()  # from the lesson list
    for where in ("/educator/rehearsals/", f"/educator/rehearsals/{SLUG}"):
        page.goto(where)
        share, sticky = bar_share(page)
        assert not sticky and share <= PORTAL_BAR_SHARE, f"{size} {where}: bar {share:.0%}"
        assert broken_words(page) == [], where
        assert small_text(page) == [], where
        page.locator("main").get_by_role("link").first.focus()
        visited, hidden = shift_tab_walk(page, most=400)
        assert hidden == [], f"{size} {where}: focus hidden: {hidden}"
