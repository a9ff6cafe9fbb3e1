"""Headless Chromium (Debian's package) driven by Playwright, against the real assistant.

No browser is downloaded: Playwright launches /usr/bin/chromium. The fake
microphone plays a WAV made with espeak-ng once ("what is my balance"), so
push-to-talk sends real speech through /api/voice. Each page and state is
checked with axe-core and photographed (checks.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browser.checks import WINDOW
from tests.voice.speech import espeak, sox

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def fake_microphone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """'What is my balance' with a second of quiet before and after, as a microphone hears it."""
    work = tmp_path_factory.mktemp("microphone")
    said = espeak("what is my balance", work / "said.wav", voice="en-us", rate=150)
    padded = work / "microphone.wav"
    sox(str(said), "-r", "48000", "-c", "1", "-b", "16", str(padded), "pad", "1", "2")
    return padded


@pytest.fixture(scope="module")
def browser(fake_microphone: Path) -> Iterator[object]:
    # Per module, not per session: Playwright's sync API keeps an asyncio loop
    # running while it is open, and later tests (Rasa's model loading) need
    # to start their own.
    if not CHROMIUM.exists():
        pytest.skip(f"No Chromium at {CHROMIUM}: run `make system-deps` (Debian chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-audio-capture={fake_microphone}%noloop",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, assistant) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=assistant.web_url, viewport=WINDOW)
    context.set_default_timeout(30_000)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert not problems, f"JavaScript errors on the page: {problems}"
