"""Small steps a customer takes in the chat page, for the browser tests."""

from __future__ import annotations

from tests.e2e.browser.checks import SIZES


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


# Where the newest answer is on screen: the top of its FIRST message (an answer
# can be several), and for a payment's read-back every line and the Yes and No
# buttons, each inside the window and not under the sticky bar. Returns what is
# out of view.
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
  const bots = Array.from(document.querySelectorAll('.msg.bot'));
  const turn = bots[bots.length - 1].dataset.turn;
  const answer = bots.filter(node => node.dataset.turn === turn);
  const first = answer[0];
  const line = first.querySelector('.lesson-name, .progress, .who');
  const top = first.getBoundingClientRect().top;
  if (top < bar - 1 || line.getBoundingClientRect().bottom > height + 1) {
    problems.push(`the first of ${answer.length} messages, "${first.innerText.slice(0, 40)}",`
      + ` starts at ${Math.round(top)} (bar ends ${Math.round(bar)}, window ${height} high)`);
  }
  answer.forEach(node => {
    const titles = Array.from(node.querySelectorAll('.choices button')).map(b => b.textContent);
    if (titles.includes('Yes, send it')) {
      node.querySelectorAll('.text p').forEach(p => check(p, `"${p.textContent}"`));
      node.querySelectorAll('.choices button').forEach(b => check(b, `button "${b.textContent}"`));
    }
  });
  return problems;
}"""


def out_of_view(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(_OUT_OF_VIEW)


def answer_size(page) -> int:  # type: ignore[no-untyped-def]
    """How many messages the newest answer has."""
    return page.evaluate(
        """() => { const bots = Array.from(document.querySelectorAll('.msg.bot'));
                   const turn = bots[bots.length - 1].dataset.turn;
                   return bots.filter(node => node.dataset.turn === turn).length; }"""
    )


# The message box and "Press to talk" inside the window, below the bar.
_COMPOSER_OUT_OF_VIEW = """() => {
  const bar = document.querySelector('.bar').getBoundingClientRect().bottom;
  return [document.getElementById('message'), document.getElementById('talk')]
    .filter(el => { const r = el.getBoundingClientRect();
                    return r.top < bar - 1 || r.bottom > window.innerHeight + 1; })
    .map(el => `${el.id} at ${Math.round(el.getBoundingClientRect().top)}`
               + `..${Math.round(el.getBoundingClientRect().bottom)}`);
}"""


def composer_out_of_view(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(_COMPOSER_OUT_OF_VIEW)


def open_chat(page, size: str, text: str, customer_id: str, pin: str) -> None:  # type: ignore[no-untyped-def]
    """Log in at this window size; for bigger text press "Bigger text", log out and in
    again (the choice is remembered), as a returning customer who chose it would."""
    page.set_viewport_size(SIZES[size])
    log_in(page, customer_id, pin)
    if text == "bigger":
        page.get_by_role("button", name="Bigger text").click()
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/login")
        log_in(page, customer_id, pin)
        pressed = page.get_by_role("button", name="Bigger text").get_attribute("aria-pressed")
        assert pressed == "true", "bigger text is remembered"


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
