"""Headless Chromium (Debian's package) driven by Playwright, against the real assistant.

No browser is downloaded: Playwright launches /usr/bin/chromium. The fake
microphone plays a WAV made with espeak-ng once ("what is my balance"), so
push-to-talk sends real speech through /api/voice. Each page and state is
checked with axe-core and photographed, normal and at 200% zoom, into
artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT
from tests.voice.speech import espeak, sox

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
WINDOW = {"width": 1280, "height": 900}
ZOOMED = {"width": 640, "height": 450}  # 200% zoom: the same window, CSS pixels twice as big
SERIOUS = ("serious", "critical")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


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


def check_page(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe-core finds no serious or critical WCAG 2.2 AA problem, at normal size and at
    200% zoom, where nothing may scroll sideways; screenshots of both go to artifacts/."""
    from axe_playwright_python.sync_playwright import Axe

    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("", WINDOW), ("-zoom200", ZOOMED)):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        assert not bad, f"{name}{label}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in bad
        )
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{name}{label}: the page scrolls sideways by {wide} px"
        page.screenshot(path=str(SHOTS / f"{name}{label}.png"), full_page=True)
    page.set_viewport_size(WINDOW)


def target_sizes(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible buttons, inputs and button-like links smaller than 48 x 48 CSS pixels."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('button, input, textarea, a.button'))
            .filter(el => el.offsetParent !== null && el.type !== 'hidden')
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, r]) => r.width < 48 || r.height < 48)
            .map(([el, r]) =>
                `${el.tagName} "${(el.textContent || el.id).trim()}" ${r.width}x${r.height}`)"""
    )
