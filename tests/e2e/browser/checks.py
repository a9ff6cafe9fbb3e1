"""What every page in the browser tests is held to: axe-core, 200% zoom, target sizes.

Screenshots of each checked page, normal and at 200% zoom, go to
artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import shutil

from assistant.settings import PROJECT_ROOT

SHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
DOCS_SHOTS = PROJECT_ROOT / "docs" / "screenshots"  # the pictures the docs show
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


def docs_shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A picture for the docs: into artifacts/screenshots/ and docs/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHOTS / name, DOCS_SHOTS / name)


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


TEXTS = ("normal", "bigger")  # the chat's "Bigger text" off and on
# The chat's sticky bar covers at most this share of the window, whatever the text
# size; the portal's bar scrolls away, and at the top of a page takes at most PORTAL_BAR_SHARE.
BAR_SHARE = 0.15
PORTAL_BAR_SHARE = 0.25
MIN_TEXT_PX = 20


def bar_share(page) -> tuple[float, bool]:  # type: ignore[no-untyped-def]
    """The share of the window's height the bar takes, and whether it stays on screen."""
    return page.evaluate(
        """() => { const bar = document.querySelector('.bar');
                   return [bar.getBoundingClientRect().height / window.innerHeight,
                           ['sticky', 'fixed'].includes(getComputedStyle(bar).position)]; }"""
    )


def small_text(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible text set smaller than MIN_TEXT_PX CSS pixels."""
    return page.evaluate(
        """min => Array.from(document.querySelectorAll('body *'))
            .filter(el => Array.from(el.childNodes)
                              .some(n => n.nodeType === 3 && n.textContent.trim())
                    && el.getClientRects().length && el.getBoundingClientRect().width > 1
                    && parseFloat(getComputedStyle(el).fontSize) < min)
            .map(el => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}"`
                       + ` at ${getComputedStyle(el).fontSize}`)""",
        MIN_TEXT_PX,
    )


def broken_words(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Words in table headings and cells that are split over two lines."""
    return page.evaluate(
        """() => {
          const hidden = el => { for (; el; el = el.parentElement) {
            if (getComputedStyle(el).clip !== 'auto') return true; } return false; };
          const broken = [];
          document.querySelectorAll('table th, table td').forEach(cell => {
            if (!cell.getClientRects().length || hidden(cell)) return;
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              if (hidden(node.parentElement)) continue;
              for (const word of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
                if (lines.size > 1) broken.push(`"${word[0]}" in ${cell.tagName.toLowerCase()}`);
              }
            }
          });
          return broken;
        }"""
    )


# The focused control: its name, and what is wrong with where it is (null if nothing):
# outside the window, or under the bar (the bar drawn over part of its box).
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const name = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label')
    || el.textContent || el.id).trim().slice(0, 40)}"`;
  const bar = document.querySelector('.bar');
  const b = bar.getBoundingClientRect(), r = el.getBoundingClientRect();
  const where = `at ${Math.round(r.top)}..${Math.round(r.bottom)}`
    + ` (bar ${Math.round(b.top)}..${Math.round(b.bottom)}, window ${window.innerHeight} high)`;
  if (r.bottom <= 0 || r.top >= window.innerHeight) return [name, `out of the window ${where}`];
  if (!bar.contains(el) && r.top < b.bottom && r.bottom > b.top) {
    const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
    const over = document.elementFromPoint(x, Math.max(r.top, b.top, 0) + 1);
    if (!over || bar.contains(over)) return [name, `under the bar ${where}`];
  }
  return [name, null];
}"""


def shift_tab_walk(page, most: int = 120) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Shift+Tab from the focused control all the way round back to it: the controls
    visited, and each one that was out of the window or under the bar when focused."""
    start = page.evaluate_handle("document.activeElement")
    visited: list[str] = []
    problems: list[str] = []
    for _ in range(most):
        page.keyboard.press("Shift+Tab")
        if start.evaluate("el => el === document.activeElement"):
            return visited, problems
        focused = page.evaluate(_FOCUSED)
        if focused is not None:
            visited.append(focused[0])
            if focused[1]:
                problems.append(f"{focused[0]} {focused[1]}")
    raise AssertionError(f"Shift+Tab did not come back round in {most} presses: {visited}")
