"""The chat at 1280x900, at 200% zoom (640x450) and on a phone (390x844), each with
normal and bigger text: right after log-in the message box and "Press to talk" are in
view; after every turn the newest answer's FIRST message starts in view, a payment's
read-back is shown whole, and every answer offers buttons; Shift+Tab never puts the
focus under the sticky bar, which stays a small share of the window; no text is under
20 px; the Tab order does not grow, and axe stays clean."""

from __future__ import annotations

import pytest

from tests.e2e.browser.chat import (
    answer_size,
    composer_out_of_view,
    live_buttons,
    log_in,
    open_chat,
    out_of_view,
    press,
    say,
    tab_stops,
)
from tests.e2e.browser.checks import (
    BAR_SHARE,
    SHOTS,
    SIZES,
    TEXTS,
    bar_share,
    check_page,
    docs_shot,
    shift_tab_walk,
    small_text,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# The pictures in docs/chat-page.md: 200% zoom with bigger text, the hardest case.
DOCS_CASE = ("zoom200", "bigger")
every_size_and_text = pytest.mark.parametrize(
    ("size", "text"), [(s, t) for s in SIZES for t in TEXTS], ids=lambda v: v
)


def bar_and_text(page, where: str) -> None:  # type: ignore[no-untyped-def]
    """The bar on screen and small, whatever the text size; no text under 20 px."""
    share, sticky = bar_share(page)
    assert sticky and share <= BAR_SHARE, f"{where}: the bar takes {share:.0%} of the window"
    assert small_text(page) == [], where


def in_view(page, where: str) -> None:  # type: ignore[no-untyped-def]
    """The newest answer from its first message (a read-back whole), the bar and text."""
    assert out_of_view(page) == [], where
    bar_and_text(page, where)


def no_focus_hidden(page, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """A Shift+Tab walk from the message box round the whole page."""
    page.get_by_label("Type your message").focus()
    visited, hidden = shift_tab_walk(page)
    assert hidden == [], f"{where}: focus hidden: {hidden}"
    return visited


@every_size_and_text
def test_every_answer_starts_in_view_and_the_read_back_is_whole(page, assistant, size, text):
    open_chat(page, size, text, "robert", "2468")
    assert page.locator(".msg.me").count() == 0, "no made-up first message"
    assert composer_out_of_view(page) == [], f"{size}, {text}: right after log-in"
    bar_and_text(page, f"{size}, {text}: right after log-in")
    if (size, text) == DOCS_CASE:
        docs_shot(page, "chat-after-log-in-200-percent-bigger-text.png")
    controls = None
    turns = [
        ("say", "what is my balance"),  # two messages: checking, then savings
        ("press", "Send money"),
        ("press", "Carlos Diaz"),
        ("say", "25 dollars"),  # the read-back
        ("press", "No, stop"),
        ("say", "what bills do I have"),
        ("say", "who are you"),
    ]
    before = assistant.balance("robert")
    for how, what in turns:
        (say if how == "say" else press)(page, what)
        where = f"{size}, {text}, after {what!r}"
        in_view(page, where)
        live = live_buttons(page)
        assert live, f"{where}: the answer offers no buttons"
        assert page.get_by_role("button", name="Bigger text").is_visible(), where
        assert page.get_by_role("button", name="Log out").is_visible(), where
        # The bar, the composer and the skip link stay; only the newest answer's
        # buttons and its one "Read aloud" come on top of them.
        static = tab_stops(page) - len(live) - 1
        assert controls is None or static == controls, f"{where}: {static} != {controls}"
        controls = static
        if what == "what is my balance":
            assert answer_size(page) >= 2, "the balance is an answer of two messages"
            if (size, text) == DOCS_CASE:
                docs_shot(page, "chat-two-messages-200-percent-bigger-text.png")
            visited = no_focus_hidden(page, where)
            assert 'button "My balance"' in visited, "the walk passes the answer's buttons"
        if what == "25 dollars":
            card = page.locator(".msg.bot").last.inner_text()
            assert "Pay $25.00 to Carlos Diaz." in card and "ending 6012" in card
            assert live[:2] == ["Yes, send it", "No, stop"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"chat-read-back-{size}-{text}.png"))
            no_focus_hidden(page, where)
    assert assistant.balance("robert") == before, "nothing was sent"
    assert page.locator(".read-aloud").count() == 1
    if size == "window":  # check_page runs axe at each of the three sizes itself
        check_page(page, f"chat-after-turns-{text}")


@pytest.fixture
def learner(assistant):  # type: ignore[no-untyped-def]
    """Li, with no lesson half-done before or after the test (a half-done lesson is resumed)."""
    assistant.forget_lessons("li")
    yield "li", "1357"
    assistant.forget_lessons("li")


@every_size_and_text
def test_a_lesson_and_its_quiz_start_in_view(page, learner, size, text):
    open_chat(page, size, text, *learner)
    say(page, "teach me about phone scams")  # the lesson's name, then its first step
    assert answer_size(page) == 2
    in_view(page, f"{size}, {text}, a lesson's start")
    for _ in range(4):
        press(page, "Next")
    where = f"{size}, {text}, the first question"
    in_view(page, where)
    choices = page.locator("article.card-question").last.locator(".choices button")
    titles = choices.all_inner_texts()
    assert len(titles) >= 2
    visited = no_focus_hidden(page, where)
    assert f'button "{titles[0][:40]}"' in visited, "the walk passes the choices"
    feedback = press(page, titles[-1])  # wrong: the answer is B
    where = f"{size}, {text}, a wrong answer"
    assert answer_size(page) == 2, "the answer, then the next question"
    in_view(page, where)
    told = page.locator("article.card-feedback").last.locator(".text p").all_inner_texts()
    assert told[0].startswith("Not quite. The answer is B. ") and told[0].endswith("."), told
    assert feedback.startswith("Not quite.")
    if (size, text) == DOCS_CASE:
        docs_shot(page, "chat-quiz-answer-200-percent-bigger-text.png")
    say(page, "stop the lesson")
    say(page, "continue my lesson")  # where she left off: a line, then the question
    where = f"{size}, {text}, back to the lesson"
    assert page.locator(".msg.bot .text").all_inner_texts()[-2].startswith("You were on question 2")
    in_view(page, where)
    no_focus_hidden(page, where)


def test_readme_screenshots_of_the_read_back(page, assistant):
    """The read-back at 200% zoom and on a phone, for README (docs/screenshots/)."""
    shots = {"zoom200": "chat-read-back-200-percent.png", "phone": "chat-read-back-phone.png"}
    for size, name in shots.items():
        page.set_viewport_size(SIZES[size])
        log_in(page, "li", "1357")
        say(page, "send 30 dollars to my grandson")
        assert out_of_view(page) == []
        docs_shot(page, name)
        press(page, "No, stop")
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/login")
