"""The Matrix channel: direct messages in, the same dialogue as web chat, replies out.

The bot account logs in to the homeserver (password or access token from the
environment, never from the repository), joins rooms it is invited to and
answers each new text message through Rasa's signed gateway, exactly as the
web app does. Buttons become a numbered list; answering with the number
presses the button. A lesson step's picture goes before its text, as an image
whose body says what it shows (pictures.py).

It talks only in a direct room: the bot and the person writing, nobody else in
the room or invited to it, checked at every message. Anywhere else anything it
said (a balance, a payment) would be read by everyone there, so it says so
briefly and leaves the room.

A Matrix user is a conversation with no access to account data until they
link it with a one-time code from a web log-in ("link 123456"), made for
that Matrix id only; "unlink" (here or on the web) cuts the link. Lessons and
general help work for everyone.

Restarts: the sync position and every handled event id are stored, so a
restarted bot continues where it stopped and never answers a message twice
(a crash between taking a message and replying loses that reply rather than
sending it twice). Replies and lessons are sent with transaction ids the
server de-duplicates, and the access token is kept so that they stay valid
across restarts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from assistant.bank.db import Database
from assistant.bank.models import Conversation, utcnow
from assistant.bank.trusted_contacts import TrustedContacts
from assistant.channels.matrix.client import MatrixClient, MatrixError
from assistant.channels.matrix.daily import DailyLessons
from assistant.channels.matrix.links import LinkCodes, link_user, unlink
from assistant.channels.matrix.models import MatrixEvent, MatrixUser
from assistant.channels.matrix.pictures import MatrixPictures, pictures_in
from assistant.channels.matrix.settings import MatrixSettings
from assistant.channels.matrix.state import BotState
from assistant.channels.matrix.text import as_text, sender_for
from assistant.channels.rasa_gateway import RasaGateway
from assistant.messages import clean_incoming, clean_text
from lessons.campaigns.store import CampaignStore
from lessons.tutor import Tutor

log = logging.getLogger(__name__)

LINK = re.compile(r"^\s*link\s+(\d{6})\s*$", re.IGNORECASE)
SUBSCRIBE = re.compile(r"^\s*(daily lessons?|lesson of the day)\s+on\s*[.!]?\s*$", re.IGNORECASE)
UNLINK = re.compile(r"^\s*unlink\s*[.!]?\s*$", re.IGNORECASE)
# A plain "stop" is left to the conversation: it ends a lesson, a practice call or a
# payment's questions; only words about the daily lessons end them.
UNSUBSCRIBE = re.compile(
    r"^\s*(daily lessons?\s+off|unsubscribe|stop (the )?daily lessons?|no more daily lessons?)"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
NOT_PRIVATE = (
    "I only talk in a direct chat with one person, so that nobody else reads your "
    "details. Please start a direct chat with me. I am leaving this room now."
)


class MatrixBot:
    def __init__(
        self,
        settings: MatrixSettings,
        db: Database,
        gateway: RasaGateway,
        tutor: Tutor,
        sender_secret: str,
        clock: Callable[[], dt.datetime] = utcnow,
        contacts: TrustedContacts | None = None,
    ) -> None:
        self.settings = settings
        self._sender_secret = sender_secret
        self._db = db
        self._gateway = gateway
        self._tutor = tutor
        self._clock = clock
        self._links = LinkCodes(db, clock)
        # Trusted contacts on Matrix are asked here and answer here.
        self._contacts = contacts
        self.client = MatrixClient(settings.homeserver)
        self.stopping = threading.Event()
        self._state = BotState(db)
        self._daily = DailyLessons(
            db, self.client, tutor, settings.daily_hour, clock, CampaignStore(db, clock)
        )
        self._pictures = MatrixPictures(db, self.client, self._state)

    def send_due_lessons(self) -> int:
        """Send today's lesson to every subscriber who has not had it; returns how many."""
        return self._daily.send_due()

    # -- running -------------------------------------------------------------

    def start(self) -> None:
        """Log in (reusing the stored token when it still works) and skip old history."""
        token = self.settings.access_token or self._state.get("access_token")
        if token:
            self.client.access_token = token
            try:
                self.client.whoami()
            except MatrixError:
                token = None
        if not token:
            self._state.put(
                "access_token", self.client.login(self.settings.user, self.settings.password)
            )
        if self._state.get("next_batch") is None:
            # First start: what was said before the bot existed is not answered.
            first = self.client.sync(timeout_ms=0)
            self._join_invites(first)
            self._state.put("next_batch", first["next_batch"])
        log.info("Matrix bot %s is listening.", self.client.user_id)

    def run(self) -> None:
        self.start()
        while not self.stopping.is_set():
            try:
                self.step(self.settings.sync_timeout_ms)
            except (MatrixError, OSError) as error:  # network or server trouble: try again
                log.warning("Matrix sync failed (%s); retrying.", error)
                self.stopping.wait(2)

    def step(self, timeout_ms: int = 0) -> None:
        """One sync: join invites, answer new messages, send due lessons."""
        batch = self.client.sync(self._state.get("next_batch"), timeout_ms)
        self._join_invites(batch)
        for room_id, room in batch.get("rooms", {}).get("join", {}).items():
            for event in room.get("timeline", {}).get("events", []):
                if self._is_new_message(event):
                    self._handle(room_id, event)
        self._state.put("next_batch", batch["next_batch"])
        self.send_due_lessons()
        self.send_contact_messages()

    def send_contact_messages(self) -> int:
        """Questions to trusted contacts on Matrix, each in the contact's own room, once."""
        if self._contacts is None:
            return 0
        sent = 0
        for message_id, address, text in self._contacts.outbox("matrix"):
            # matrix_state keys are short: the address is hashed, not stored.
            key = "contact_room:" + hashlib.sha256(address.encode()).hexdigest()[:24]
            room = self._state.get(key)
            if room is None or not self._private(room, address):
                room = self.client.create_direct_room(address)
                self._state.put(key, room)
            self.client.send_text(room, text, f"contact-{message_id}")
            self._contacts.mark_sent(message_id)
            sent += 1
        return sent

    def _join_invites(self, batch: dict) -> None:
        for room_id, room in batch.get("rooms", {}).get("invite", {}).items():
            inviter = next(
                (e.get("sender") for e in room.get("invite_state", {}).get("events", [])
                 if e.get("type") == "m.room.member" and e.get("state_key") == self.client.user_id),
                "",
            )  # fmt: skip
            try:
                self.client.join(room_id)
            except MatrixError as error:
                log.warning("Could not join %s: %s", room_id, error)
                continue
            if not self._private(room_id, inviter):
                self._leave(room_id, f"leave-{room_id}")

    def _private(self, room_id: str, person: str) -> bool:
        """Only the bot and `person` are in the room or invited to it."""
        try:
            return self.client.room_people(room_id) == {self.client.user_id, person}
        except MatrixError:  # not in the room any more, or it is gone
            return False

    def _leave(self, room_id: str, txn_id: str) -> None:
        log.info("Leaving a room that is not a direct chat with one person.")
        try:
            self.client.send_text(room_id, NOT_PRIVATE, txn_id)
            self.client.leave(room_id)
        except MatrixError as error:  # already gone: a later message of the same sync
            log.info("Could not leave %s: %s", room_id, error.errcode)

    def _is_new_message(self, event: dict) -> bool:
        content = event.get("content") or {}
        return (
            event.get("type") == "m.room.message"
            and content.get("msgtype") == "m.text"
            and event.get("sender") != self.client.user_id
            and isinstance(content.get("body"), str)
        )

    # -- one message ---------------------------------------------------------

    def _claim(self, event_id: str) -> bool:
        try:
            with self._db.session() as session:
                session.add(MatrixEvent(event_id=event_id, handled_at=self._clock()))
            return True
        except IntegrityError:
            return False

    def _user(self, user_id: str, room_id: str) -> MatrixUser:
        with self._db.session() as session:
            user = session.get(MatrixUser, user_id)
            if user is None:
                sender_id = sender_for(user_id, self._sender_secret)
                if session.get(Conversation, sender_id) is None:
                    session.add(
                        Conversation(sender_id=sender_id, customer_id=None, channel="matrix")
                    )
                    session.flush()
                user = MatrixUser(
                    user_id=user_id, sender_id=sender_id, room_id=room_id, offered_payloads="[]",
                    subscribed=False, link_failures=0,
                )  # fmt: skip
                session.add(user)
            else:
                user.room_id = room_id
            session.flush()
            session.expunge(user)
            return user

    def _handle(self, room_id: str, event: dict) -> None:
        if not self._claim(event["event_id"]):
            return
        if not self._private(room_id, event["sender"]):
            self._leave(room_id, f"leave-{event['event_id']}")
            return
        user = self._user(event["sender"], room_id)
        text = clean_text(event["content"]["body"])[:1000]
        reply, offered = self._commands(user, text)
        pictures: list[dict] = []
        if reply is None:
            offered_before = json.loads(user.offered_payloads)
            if text.isdigit() and 1 <= int(text) <= len(offered_before):
                message = offered_before[int(text) - 1]
            else:
                message = clean_incoming(text, offered_before)
            try:
                responses = self._gateway.send(user.sender_id, message, {"input": "matrix"})
            except Exception as error:  # the web app's AssistantUnavailable and friends
                log.warning("Rasa did not answer for Matrix: %s", type(error).__name__)
                responses = [{"text": "Sorry, I cannot answer right now. Please try again soon."}]
            pictures = pictures_in(responses)
            reply, offered = as_text(
                [r for r in responses if r.get("text") or r.get("buttons")]
                or [{"text": "Sorry, I did not understand that."}]
            )
        with self._db.session() as session:
            session.get(MatrixUser, user.user_id).offered_payloads = json.dumps(offered)
        # A lesson step's picture first, then its text with the numbered choices last.
        for number, picture in enumerate(pictures, start=1):
            self._pictures.send(room_id, picture, f"picture-{number}-{event['event_id']}")
        self.client.send_text(room_id, reply, f"reply-{event['event_id']}")

    def _commands(self, user: MatrixUser, text: str) -> tuple[str | None, list[str]]:
        """Linking and subscriptions are handled here, before the dialogue."""
        match = LINK.match(text)
        if match:
            return link_user(self._db, self._links, user, match.group(1), self._clock()), []
        if self._contacts is not None:
            # A trusted contact's answer names its request's code ("KXPTM looks fine"): a
            # bare number is a button of the person's own chat, never an answer.
            answer = self._contacts.replies.reply("matrix", user.user_id, text)
            if answer is not None:
                return answer, []
        if UNLINK.match(text):
            if unlink(self._db, user.user_id):
                return "Unlinked. This Matrix account can no longer see your accounts.", []
            return "This Matrix account is not linked to any bank account.", []
        if SUBSCRIBE.match(text):
            self._daily.subscribe(user.user_id, True)
            return (
                "You will get a short safety lesson here every day. "
                "Send 'daily lessons off' to end it.", []
            )  # fmt: skip
        if UNSUBSCRIBE.match(text) and user.subscribed:
            self._daily.subscribe(user.user_id, False)
            return "Okay, no more daily lessons. Send 'daily lesson on' to start again.", []
        return None, []
