"""Lesson pictures in a real browser: a step's picture chosen, uploaded, described and
saved with the keyboard alone, with axe on the form; and the chat showing a library
lesson's picture large in its step card, with its words for those who cannot see it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.e2e.browser.chat import log_in, out_of_view, say
from tests.e2e.browser.checks import PHONE, WINDOW, check_page, docs_shot
from tests.e2e.browser.portal import focused_id, portal_log_in, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SLUG = "qr-code-scams"  # a lesson no other browser test edits


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A photo as a phone saves it: large, a JPEG, with where it was taken in it."""
    image = Image.new("RGB", (2400, 1600), "#dfe7ef")
    ImageDraw.Draw(image).rectangle((600, 300, 1800, 1300), fill="#1f4e99")
    exif = Image.Exif()
    exif[0x013B] = "Mary Chen"
    path = tmp_path / "qr-sticker.jpg"
    image.save(path, "JPEG", exif=exif.tobytes())
    return path


def test_a_picture_for_a_step_with_the_keyboard_only(page, photo):
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/lessons/{SLUG}")
    tab_to(page, "A picture for step 1")
    assert focused_id(page) == "step-1-picture-file"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")  # opens the file dialog, as it does for a person
    chooser.value.set_files(str(photo))
    tab_to(page, "Upload the picture")
    page.keyboard.press("Enter")
    page.get_by_text("The picture is on step 1 now. Say in words what it shows.").wait_for()
    assert focused_id(page) == "step-1-picture-alt", "the keyboard goes on to the words"
    page.keyboard.type("A blue sticker with a square code, stuck on a parking meter")
    shown = page.locator("#step-1-picture img.picture-now")
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 960, "made 960 wide"
    check_page(page, "portal-lesson-form-picture")

    tab_to(page, "Save draft")
    page.keyboard.press("Enter")
    page.get_by_text("Customers do not see it yet.").wait_for()
    preview = page.locator("#preview img.lesson-picture").first
    assert preview.get_attribute("alt") == (
        "A blue sticker with a square code, stuck on a parking meter"
    )
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 960

    tab_to(page, "Take the picture off step 1")
    page.keyboard.press("Enter")
    page.get_by_text("The picture of step 1 is taken off.").wait_for()
    assert focused_id(page) == "step-1-picture-file"
    assert page.locator("#step-1-picture img").count() == 0


def test_a_file_that_is_not_a_picture_is_said_at_its_field(page, tmp_path):
    fake = tmp_path / "parcel.png"
    fake.write_text("Your parcel is waiting. Tap the link to pay the fee.")
    portal_log_in(page, "teacher", "lessons-for-all")
    page.goto(f"/educator/lessons/{SLUG}")
    page.locator("#step-2-picture-file").set_input_files(str(fake))
    page.get_by_role("button", name="Upload the picture for step 2").click()
    problem = page.locator("#step-2-picture-file-problem")
    assert problem.inner_text().startswith("Step 2's picture: The file is not a picture")
    described = page.locator("#step-2-picture-file").get_attribute("aria-describedby") or ""
    assert "step-2-picture-file-problem" in described.split()
    check_page(page, "portal-lesson-form-picture-problem")


def test_the_chat_shows_a_lessons_picture_large(page):
    log_in(page, "robert", "2468")
    say(page, "teach me about phone scams")
    assert out_of_view(page) == [], "the answer still comes into view from its top"
    card = page.locator("article.card").last
    assert card.get_by_role("heading").inner_text() == "Step 1 of 4"
    picture = card.locator("img.lesson-picture")
    assert picture.get_attribute("alt").startswith("A ringing mobile phone.")
    picture.evaluate("img => img.decode()")
    card.evaluate(
        """card => window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY
                                     - document.querySelector('.bar').offsetHeight - 8)"""
    )
    docs_shot(page, "chat-lesson-picture.png")
    for size in (WINDOW, PHONE):
        page.set_viewport_size(size)
        wide = picture.evaluate(
            "img => img.getBoundingClientRect().width / img.parentElement.clientWidth"
        )
        assert wide > 0.85, f"the picture fills the card's width ({wide:.0%})"
    page.set_viewport_size(WINDOW)
    check_page(page, "chat-lesson-picture")
