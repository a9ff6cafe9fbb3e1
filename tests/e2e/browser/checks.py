"""What every page in the browser tests is held to: axe-core, 200% zoom, target sizes.

Screenshots of each checked page, normal and at 200% zoom, go to
artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

from assistant.settings import PROJECT_ROOT

SHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
WINDOW = {"width": 1280, "height": 900}
ZOOMED = {"width": 640, "height": 450}  # 200% zoom: the same window, CSS pixels twice as big
PHONE = {"width": 390, "height": 844}
SIZES = {"window": WINDOW, "zoom200": ZOOMED, "phone": PHONE}
SERIOUS = ("serious", "critical")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def check_page(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe-core finds no serious or critical WCAG 2.2 AA problem, at normal size, at
    200% zoom and on a phone, where nothing may scroll sideways; screenshots go to artifacts/."""
    from axe_playwright_python.sync_playwright import Axe

    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("", WINDOW), ("-zoom200", ZOOMED), ("-phone", PHONE)):
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
