"""The customer's pages: log-in, chat, and the widget a bank page embeds.

The pages are static shells; everything the customer sees in the chat comes
from `/api/chat` and `/api/voice` through static/chat.js. `?embed=1` is the
compact layout the widget's frame shows.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue

bp = Blueprint("chat", __name__)


def _embed() -> bool:
    return request.args.get("embed") == "1"


@bp.get("/")
def index() -> ResponseReturnValue:
    return redirect(url_for("chat.login"))


@bp.get("/login")
def login() -> ResponseReturnValue:
    return render_template("chat/login.html", embed=_embed())


@bp.get("/chat")
def chat() -> ResponseReturnValue:
    return render_template("chat/chat.html", embed=_embed())


@bp.get("/widget.js")
def widget() -> ResponseReturnValue:
    """The one script a bank page includes; it may be loaded from any site."""
    reply = send_from_directory(current_app.static_folder or "static", "widget.js")
    reply.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return reply


@bp.get("/widget-demo")
def widget_demo() -> ResponseReturnValue:
    """An example bank page with the widget, for trying it and for the browser tests."""
    return render_template("chat/widget_demo.html")
