"""Small steps a customer takes in the chat page, for the browser tests."""

from __future__ import annotations


def log_in(page, customer_id: str = "demo", pin: str = "1234") -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("Customer number").fill(customer_id)
    page.get_by_label("PIN").fill(pin)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/chat")
    wait_for_answer(page, 0)


def bot_count(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator(".msg.bot").count()


def wait_for_answer(page, before: int) -> str:  # type: ignore[no-untyped-def]
    """Wait until the assistant has answered (new messages, nothing pending); their text."""
    page.wait_for_function(
        "n => document.querySelectorAll('.msg.bot').length > n"
        " && document.getElementById('status').textContent === ''",
        arg=before,
    )
    return "\n".join(page.locator(".msg.bot .text").all_inner_texts()[before:])


def say(page, text: str) -> str:  # type: ignore[no-untyped-def]
    before = bot_count(page)
    page.get_by_label("Type your message").fill(text)
    page.keyboard.press("Enter")
    return wait_for_answer(page, before)


def press(page, title: str) -> str:  # type: ignore[no-untyped-def]
    before = bot_count(page)
    page.locator(".msg.bot").last.get_by_role("button", name=title, exact=True).click()
    return wait_for_answer(page, before)


# Where the newest answer is on screen: its first line, and for a payment's
# read-back every line and the Yes and No buttons, each inside the window and
# not under the sticky bar. Returns what is out of view.
_OUT_OF_VIEW = """() => {
  const bar = document.querySelector('.bar').getBoundingClientRect().bottom;
  const height = window.innerHeight, width = window.innerWidth;
  const problems = [];
  const check = (el, what) => {
    const r = el.getBoundingClientRect();
    if (r.top < bar - 1 || r.bottom > height + 1 || r.left < -1 || r.right > width + 1) {
      problems.push(`${what} at ${Math.round(r.top)}..${Math.round(r.bottom)}`
        + ` (bar ends ${Math.round(bar)}, window ${height} high)`);
    }
  };
  const newest = Array.from(document.querySelectorAll('.msg.bot')).pop();
  const first = newest.querySelector('.progress') || newest.querySelector('.text p');
  const range = document.createRange();
  range.selectNodeContents(first);
  const line = range.getClientRects()[0];
  if (line.top < bar - 1 || line.bottom > height + 1) {
    problems.push(`first line "${first.textContent.slice(0, 30)}" at ${Math.round(line.top)}`);
  }
  const titles = Array.from(newest.querySelectorAll('.choices button')).map(b => b.textContent);
  if (titles.includes('Yes, send it')) {
    newest.querySelectorAll('.text p').forEach(p => check(p, `"${p.textContent}"`));
    newest.querySelectorAll('.choices button').forEach(b => check(b, `button "${b.textContent}"`));
  }
  return problems;
}"""


def out_of_view(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(_OUT_OF_VIEW)


def live_buttons(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The newest answer's buttons that can still be pressed."""
    return page.locator(".msg.bot").last.locator(".choices button:enabled").all_inner_texts()


def tab_stops(page) -> int:  # type: ignore[no-untyped-def]
    """How many controls the Tab key visits."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
              'a[href], button, input, select, textarea, [tabindex]'))
            .filter(el => !el.disabled && el.tabIndex >= 0
                    && (el.offsetParent !== null || getComputedStyle(el).position === 'fixed'))
            .length"""
    )
