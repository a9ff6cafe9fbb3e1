"""The trainer's queue in the order it is read: alike messages together, a page at a time.

Messages waiting for review are grouped by meaning (nlu/feedback_groups.py), the
largest group first, and read PAGE_SIZE to a page. A page may begin or end inside a
group: the group's heading says so. The labels a trainer gives in one portal session
are kept in it (ids only), so the trainer can take any of them back.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.nlu_feedback import Item
from nlu.feedback_groups import group

PAGE_SIZE = 20
ALIKE_SHOWN = 20  # alike messages offered with one being labelled
LABELLED = "trainer_labelled"  # the session's key: ids this trainer labelled, newest last
LABELLED_KEPT = 100
JUST_SAVED = "trainer_just_saved"  # the session's key: ids of the last save, shown once


@dataclass(frozen=True)
class Row:
    """A waiting message in its place in the queue.

    Attributes:
        item: the message.
        group: its group's number, from 1 (the largest).
        group_size: how many messages its group has.
        first: the first of its group.
    """

    item: Item
    group: int
    group_size: int
    first: bool


@dataclass(frozen=True)
class Page:
    """One page of the queue."""

    rows: list[Row]
    number: int
    pages: int
    total: int

    def groups(self) -> list[tuple[Row, list[Row]]]:
        """The page's rows by group: each group's first row on this page, and its rows."""
        out: list[tuple[Row, list[Row]]] = []
        for row in self.rows:
            if not out or out[-1][0].group != row.group:
                out.append((row, []))
            out[-1][1].append(row)
        return out


def queue(waiting: Sequence[Item], embed: Callable[[list[str]], np.ndarray]) -> list[Row]:
    """The waiting messages in the order the trainer reads them."""
    rows = []
    for number, indexes in enumerate(group([m.text for m in waiting], embed), start=1):
        for position, index in enumerate(indexes):
            rows.append(Row(waiting[index], number, len(indexes), position == 0))
    return rows


def page(rows: list[Row], asked: str | None, size: int = PAGE_SIZE) -> Page:
    """The page asked for by its number (from 1); a number out of range gives the nearest."""
    pages = max(1, -(-len(rows) // size))
    try:
        number = min(max(int(asked or "1"), 1), pages)
    except ValueError:
        number = 1
    return Page(rows[(number - 1) * size : number * size], number, pages, len(rows))


def page_of(rows: list[Row], message_id: int, size: int = PAGE_SIZE) -> int:
    """The page a message is on, or 1 when it is not waiting."""
    for index, row in enumerate(rows):
        if row.item.id == message_id:
            return index // size + 1
    return 1


def remember(session: MutableMapping[str, Any], ids: list[int]) -> None:
    """Keep labels just given in the session, for taking back."""
    kept = [i for i in session.get(LABELLED, []) if i not in ids] + ids
    session[LABELLED] = kept[-LABELLED_KEPT:]
    session[JUST_SAVED] = ids


def forget(session: MutableMapping[str, Any], ids: list[int]) -> None:
    """Labels taken back leave the session's list."""
    session[LABELLED] = [i for i in session.get(LABELLED, []) if i not in ids]
    session.pop(JUST_SAVED, None)


def labelled(session: MutableMapping[str, Any]) -> list[int]:
    """The ids labelled in this session, newest first."""
    return list(reversed(session.get(LABELLED, [])))
