"""The customer chat page."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("chat", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    return render_template("chat/index.html")
