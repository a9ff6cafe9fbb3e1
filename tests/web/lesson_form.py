"""The portal's lesson form as a browser sees it, for the web tests: the values it would
post, and a page fetched as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.support import PAGE

FORM = "/educator/lessons/{}"


class _Form(HTMLParser):
    """The values a browser would post from the page's lesson form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.described: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if a.get("id") and a.get("aria-describedby"):
            self.described[a["id"]] = a["aria-describedby"]
        if tag == "input" and a.get("name") and a.get("type") != "radio":
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("type") == "radio" and "checked" in a:
            self.values[a["name"]] = a["value"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea:
            self.values[self._textarea] += data


def form_of(html: str) -> _Form:
    parser = _Form()
    parser.feed(html[html.index('id="lesson-form"') :].split("</form>")[0])
    return parser


def page(client, path: str) -> str:
    reply = client.get(path, headers=PAGE)
    assert reply.status_code == 200, path
    return reply.get_data(as_text=True)
