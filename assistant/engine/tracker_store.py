"""Rasa's SQL tracker store, without rebuilding the conversation from the database every turn.

Rasa 3.6's `SQLTrackerStore` reads every event of the conversation's session and replays it
into a tracker on each turn, so a turn costs more the longer the customer has talked (about a
fifth of the Rasa server's time on a short conversation). This store keeps the tracker it last
saved for each conversation in memory and hands it back while the database still ends with the
same event: one indexed `max(id)` query instead of reading and replaying the whole session.

It stays right with several Rasa processes on one database: any turn that another process
saved changes the conversation's last event id, and the tracker is then read from the database
as before. A tracker that was changed and not saved (a turn that failed half-way) no longer has
the number of events that was saved, and is read again too.

Saving a tracker it handed out writes the events after the ones it saved (Rasa counts the
session's events in the database to find them: a slower query, and wrong for a tracker kept
across a new session, which then stored the older session's events again).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterator
from itertools import islice
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 5000


class CachingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that reuses the tracker it saved while the database agrees.

    Args:
        cache_size: conversations kept in memory, least recently used dropped first.
        **kwargs: as for Rasa's SQLTrackerStore (dialect, host, db, username, ...).
    """

    def __init__(self, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        self._cache: OrderedDict[str, tuple[int, int, DialogueStateTracker]] = OrderedDict()
        self._cache_size = int(cache_size)
        self._saving: dict[str, tuple[int, int, DialogueStateTracker]] = {}
        # Built once: SQLAlchemy then reuses its compiled form.
        self._last_id_statement = sa.select(sa.func.max(self.SQLEvent.id)).where(
            self.SQLEvent.sender_id == sa.bindparam("sender_id")
        )
        super().__init__(**kwargs)

    @property
    def domain(self) -> Domain:
        return self._domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        # A new model may bring new slots: trackers built for the old domain are dropped.
        self._domain = domain or Domain.empty()
        if hasattr(self, "_cache"):
            self._cache.clear()

    def _last_event_id(self, sender_id: str, session: Any = None) -> int | None:
        """The id of the conversation's newest event in the database (an index lookup), in
        `session` or on a connection of its own."""
        statement = self._last_id_statement
        if session is None:
            with self.engine.connect() as connection:
                return connection.execute(statement, {"sender_id": sender_id}).scalar()
        return session.execute(statement, {"sender_id": sender_id}).scalar()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        cached = self._cache.get(sender_id)
        if cached is not None:
            last_id, saved_events, tracker = cached
            if len(tracker.events) == saved_events and self._last_event_id(sender_id) == last_id:
                self._cache.move_to_end(sender_id)
                return tracker
            del self._cache[sender_id]
        return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        cached = self._cache.pop(tracker.sender_id, None)
        if cached is not None and cached[2] is tracker:
            self._saving[tracker.sender_id] = cached
        try:
            await super().save(tracker)
        finally:
            self._saving.pop(tracker.sender_id, None)
        last_id = self._last_event_id(tracker.sender_id)
        if last_id is None:
            return
        self._cache[tracker.sender_id] = (last_id, len(tracker.events), tracker)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Any]:
        """The events after those this store saved of `tracker`, while the database still ends
        with them; otherwise Rasa's way (the session's events in the database are skipped)."""
        saving = self._saving.get(tracker.sender_id)
        if saving is not None:
            last_id, saved_events, _ = saving
            in_database = self._last_event_id(tracker.sender_id, session)
            if in_database == last_id and len(tracker.events) >= saved_events:
                return islice(tracker.events, saved_events, len(tracker.events))
        return super()._additional_events(session, tracker)
