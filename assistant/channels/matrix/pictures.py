"""Lesson pictures on Matrix: a step's picture is sent as an m.image before the step's text.

The picture goes into the homeserver's media store once (its mxc:// address is kept in
`matrix_state` under the picture's hash) and is sent as an m.image whose body is the
picture's words, its alt text: what a client that shows no pictures displays, and what
a screen reader says. A picture that cannot be sent is left out; the step's text, which
teaches the lesson on its own, still goes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from assistant.bank.db import Database
from assistant.channels.matrix.client import MatrixClient, MatrixError
from assistant.channels.matrix.state import BotState
from lessons.pictures import LessonPictures, split_file_name

log = logging.getLogger(__name__)


def pictures_in(responses: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pictures the assistant's replies show: a lesson step's card carries one."""
    found = []
    for response in responses:
        custom = response.get("custom")
        card = custom.get("card") if isinstance(custom, dict) else None
        picture = card.get("picture") if isinstance(card, dict) else None
        if isinstance(picture, dict) and isinstance(picture.get("file"), str):
            found.append(picture)
    return found


class MatrixPictures:
    def __init__(self, db: Database, client: MatrixClient, state: BotState) -> None:
        self._pictures = LessonPictures(db)
        self._client = client
        self._state = state

    def send(self, room_id: str, picture: dict[str, Any], txn_id: str) -> bool:
        """Send one lesson picture to the room; False when it could not be sent."""
        named = split_file_name(str(picture.get("file", "")))
        kept = self._pictures.data(named[0]) if named else None
        if named is None or kept is None:
            log.warning("A lesson card names a picture that is not kept; sent without it.")
            return False
        sha256, (data, media_type) = named[0], kept
        key = f"picture:{sha256[:32]}"
        alt = str(picture.get("alt") or "A picture for this step of the lesson.")
        try:
            uri = self._state.get(key)
            if uri is None:
                uri = self._client.upload(data, media_type, str(picture["file"]))
                self._state.put(key, uri)
            info = {"mimetype": media_type, "size": len(data)}
            if picture.get("width") and picture.get("height"):
                info.update(w=int(picture["width"]), h=int(picture["height"]))
            self._client.send_image(room_id, uri, alt, info, txn_id)
        except (MatrixError, OSError) as error:
            log.warning("A lesson picture was not sent to Matrix (%s); the text goes on.", error)
            return False
        return True
