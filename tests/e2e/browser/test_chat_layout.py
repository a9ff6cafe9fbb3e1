"""The chat at 1280x900, at 200% zoom (640x450) and on a phone (390x844): after every
turn the newest answer's first line is in view, a payment's read-back is shown whole,
every answer offers buttons, the Tab order does not grow, and axe stays clean."""

from __future__ import annotations

import shutil

import pytest

from assistant.settings import PROJECT_ROOT
from tests.e2e.browser.chat import (
    live_buttons,
    log_in,
    out_of_view,
    press,
    say,
    tab_stops,
)
from tests.e2e.browser.checks import SHOTS, SIZES, check_page

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

README_SHOTS = PROJECT_ROOT / "docs" / "screenshots"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_newest_answer_and_the_whole_read_back_stay_in_view(page, assistant, size):
    page.set_viewport_size(SIZES[size])
    log_in(page, "robert", "2468")
    assert page.locator(".msg.me").count() == 0, "no made-up first message"
    controls = None
    turns = [
        ("say", "what is my balance"),
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
        where = f"{size}, after {what!r}"
        assert out_of_view(page) == [], where
        live = live_buttons(page)
        assert live, f"{where}: the answer offers no buttons"
        assert page.get_by_role("button", name="Bigger text").is_visible(), where
        assert page.get_by_role("button", name="Log out").is_visible(), where
        # The bar, the composer and the skip link stay; only the newest answer's
        # buttons and its one "Read aloud" come on top of them.
        static = tab_stops(page) - len(live) - 1
        assert controls is None or static == controls, f"{where}: {static} != {controls}"
        controls = static
        if what == "25 dollars":
            card = page.locator(".msg.bot").last.inner_text()
            assert "Pay $25.00 to Carlos Diaz." in card and "ending 6012" in card
            assert live[:2] == ["Yes, send it", "No, stop"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"chat-read-back-{size}.png"))
    assert assistant.balance("robert") == before, "nothing was sent"
    assert page.locator(".read-aloud").count() == 1
    check_page(page, f"chat-after-turns-{size}")


def test_readme_screenshots_of_the_read_back(page, assistant):
    """The read-back at 200% zoom and on a phone, for README (docs/screenshots/)."""
    shots = {"zoom200": "chat-read-back-200-percent.png", "phone": "chat-read-back-phone.png"}
    for size, name in shots.items():
        page.set_viewport_size(SIZES[size])
        log_in(page, "li", "1357")
        say(page, "send 30 dollars to my grandson")
        assert out_of_view(page) == []
        page.screenshot(path=str(SHOTS / name))
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHOTS / name, README_SHOTS / name)
        press(page, "No, stop")
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/login")
