"""Just-in-time protection: pause a payment that looks like a scam.

Before a transfer or bill payment is read back, `RiskRules.screen` looks at
the payee (added recently, never paid before), the amount (large against what
this customer usually pays out), what the customer said in the conversation,
and whether the assistant warned them about a scam in it (`SCAM_WARNING`). When
the weights of the rules that fire reach the threshold, the payment request is
marked held and an `Interception` row records why.
`PaymentService.confirm` will not execute a held request until the customer
releases it (and then confirms it again); every outcome is written to the
interception.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.models import (
    AuditRecord,
    Conversation,
    Payee,
    PaymentRequest,
    Posting,
    Transaction,
    utcnow,
)
from assistant.errors import ConfigurationError
from lessons.models import Interception
from lessons.scam_stories import Family, ScamStories

OUTGOING_KINDS = ("transfer", "bill_payment")
NEVER = re.compile(r"(?!)")
# The audit record of a scam warning said to the customer (actions/protection/scams.py), with the
# families and signs it named: the `warned` rule reads it.
SCAM_WARNING = "scam_story_heard"


@dataclass(frozen=True)
class PhraseRule:
    name: str
    weight: int
    lesson: str
    warning: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Hold:
    """Why a payment was paused, as the customer will hear it."""

    interception_id: int
    rules: list[str]
    lesson_slug: str | None
    warning: str


@dataclass(frozen=True)
class RiskRules:
    threshold: int
    new_payee_weight: int
    new_payee_hours: int
    first_payment_weight: int
    large_weight: int
    large_times_usual: int
    large_at_least_minor: int
    history_days: int
    facts_lesson: str
    facts_warning: str
    phrases: tuple[PhraseRule, ...]
    clock: Callable[[], dt.datetime] = utcnow
    # A scam story told earlier (lessons/scam_stories.yml) holds a payment
    # with its own warning; 0 turns this off.
    story_weight: int = 0
    stories: ScamStories | None = None
    # A scam warning said in the customer's conversation (since their newest log-in, and
    # at most `warned_hours` ago) holds a payment, whatever words led to it; 0 turns
    # this off. Its own lesson and warning when the warning named no story.
    warned_weight: int = 0
    warned_hours: int = 0
    warned_lesson: str = ""
    warned_warning: str = ""

    @classmethod
    def load(cls, path: Path, new_payee_hours: int) -> RiskRules:
        """The rules in `path`; how recent a new payee is comes from BankSettings
        (NEW_PAYEE_HOURS), the same knob as the PIN step-up for new payees."""
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            if "hours" in (raw.get("new_payee") or {}):
                raise ConfigurationError(
                    f"Remove new_payee.hours from {path}: NEW_PAYEE_HOURS sets how new a "
                    "new payee is, for the risk rules and the PIN step-up alike."
                )
            phrases = tuple(
                PhraseRule(
                    name=p["name"],
                    weight=int(p["weight"]),
                    lesson=p["lesson"],
                    warning=" ".join(p["warning"].split()),
                    pattern=_phrase_pattern(p["words"]),
                )
                for p in raw.get("phrases", [])
            )
            warned = raw.get("warned") or {}
            return cls(
                threshold=int(raw["threshold"]),
                new_payee_weight=int(raw["new_payee"]["weight"]),
                new_payee_hours=new_payee_hours,
                first_payment_weight=int(raw["first_payment"]["weight"]),
                large_weight=int(raw["large_amount"]["weight"]),
                large_times_usual=int(raw["large_amount"]["times_usual"]),
                large_at_least_minor=int(raw["large_amount"]["at_least_minor"]),
                history_days=int(raw["large_amount"]["history_days"]),
                facts_lesson=raw["facts_lesson"],
                facts_warning=" ".join(raw["facts_warning"].split()),
                phrases=phrases,
                story_weight=int((raw.get("stories") or {}).get("weight", 0)),
                stories=ScamStories.load() if raw.get("stories") else None,
                warned_weight=int(warned.get("weight", 0)),
                warned_hours=int(warned.get("hours", 0)),
                warned_lesson=str(warned.get("lesson", "")),
                warned_warning=" ".join(str(warned.get("warning", "")).split()),
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
            raise ConfigurationError(
                f"The risk rules in {path} cannot be read ({type(error).__name__}: {error}). "
                "Compare the file with lessons/risk_rules.yml."
            ) from None

    def fired(
        self, session: Session, customer_id: str, payee: Payee, amount_minor: int, said: str
    ) -> tuple[list[str], int, PhraseRule | None]:
        """The rules that fire, their total weight, and the first phrase rule among them."""
        now = self.clock()
        names: list[str] = []
        weight = 0
        if payee.created_at > now - dt.timedelta(hours=self.new_payee_hours):
            names.append("new_payee")
            weight += self.new_payee_weight
        paid = self._outgoing(session, customer_id, now)
        if not any(payee_id == payee.id for payee_id, _ in paid):
            names.append("first_payment")
            weight += self.first_payment_weight
        usual = statistics.median(a for _, a in paid) if paid else 0
        if amount_minor >= max(self.large_at_least_minor, self.large_times_usual * usual):
            names.append("large_amount")
            weight += self.large_weight
        # What only talks about scams ("we watched a programme about gift cards") weighs
        # nothing: neither its phrases nor a story.
        said = self.stories.told_lines(said) if self.stories else said
        phrase = None
        for rule in self.phrases:
            if rule.pattern.search(said):
                names.append(rule.name)
                weight += rule.weight
                phrase = phrase or rule
        story = None
        for family in self.stories.recognise(said) if self.stories else []:
            names.append(f"story_{family.name}")
            weight += self.story_weight
            story = story or self._story_rule(family.name)
        warned = self._warned(session, customer_id, now)
        if warned is not None:
            names.append("warned")
            weight += self.warned_weight
        # The story's own warning comes first: it names what the customer told us.
        return names, weight, story or warned or phrase

    def _story_rule(self, name: str) -> PhraseRule | None:
        family = self.stories.family(name) if self.stories else None
        if family is None:
            return None
        return PhraseRule(family.name, self.story_weight, family.lesson, family.warning, NEVER)

    def _warned(self, session: Session, customer_id: str, now: dt.datetime) -> PhraseRule | None:
        """The scam warning said last in this customer's conversation, as a rule with the
        warning and lesson of the story it named; None when there was none."""
        if not self.warned_weight:
            return None
        since = now - dt.timedelta(hours=self.warned_hours)
        logged_in = session.scalar(
            select(Conversation.created_at)
            .where(Conversation.customer_id == customer_id)
            .order_by(Conversation.created_at.desc())
            .limit(1)
        )
        detail = session.scalar(
            select(AuditRecord.detail)
            .where(
                AuditRecord.customer_id == customer_id,
                AuditRecord.action == SCAM_WARNING,
                AuditRecord.at >= max(since, logged_in or since),
            )
            .order_by(AuditRecord.id.desc())
            .limit(1)
        )
        if detail is None:
            return None
        named = json.loads(detail or "{}")
        for family in str(named.get("families", "")).split(","):
            story = self._story_rule(family)
            if story is not None:
                return dataclasses.replace(story, name="warned", weight=self.warned_weight)
        signs = str(named.get("signs", "")).split(",")
        sign = (
            next((s for s in self.stories.signs if s.name in signs), None) if self.stories else None
        )
        lesson = sign.lesson if sign else self.warned_lesson
        return PhraseRule("warned", self.warned_weight, lesson, self.warned_warning, NEVER)

    def screen(
        self, session: Session, request: PaymentRequest, payee: Payee, said: str
    ) -> Hold | None:
        """Hold the request (in the caller's transaction) if the rules say so."""
        names, weight, phrase = self.fired(
            session, request.customer_id, payee, request.amount_minor, said
        )
        if weight < self.threshold:
            return None
        lesson = phrase.lesson if phrase else self.facts_lesson
        warning = phrase.warning if phrase else self.facts_warning
        return self._hold(session, request, names, lesson, warning)

    def screen_move(self, session: Session, request: PaymentRequest, said: str) -> Hold | None:
        """Hold a move between the customer's own accounts told about in a scam story or
        made after a scam warning: it stays the customer's money, so the payee and amount
        rules do not apply, but "move your savings into checking, then to the safe
        account" is the scammer's first step."""
        names: list[str] = []
        weight = 0
        rule = None
        for family in self._told_in_one_message(said):
            names.append(f"story_{family.name}")
            weight += self.story_weight
            rule = rule or self._story_rule(family.name)
        warned = self._warned(session, request.customer_id, self.clock())
        if warned is not None:
            names.append("warned")
            weight += self.warned_weight
            rule = rule or warned
        if weight < self.threshold or rule is None:
            return None
        return self._hold(session, request, names, rule.lesson, rule.warning)

    def _told_in_one_message(self, said: str) -> list[Family]:
        """The stories some one message of `said` tells by itself. A move keeps the money
        the customer's, so its own words ("move 500 from savings") never finish a story
        that an earlier, harmless line began ("my granddaughter is in the police
        cadets"); a story told across messages was warned about when it was told, and a
        move after a warning is held for that."""
        if self.stories is None:
            return []
        found = {
            family.name: family
            for line in said.split("\n")
            for family in self.stories.recognise(line)
        }
        return list(found.values())

    def _hold(
        self, session: Session, request: PaymentRequest, names: list[str], lesson: str, warning: str
    ) -> Hold:
        """Mark the request held and record why, in the caller's transaction."""
        request.held = True
        interception = Interception(
            request_id=request.id,
            customer_id=request.customer_id,
            rules=json.dumps(names),
            lesson_slug=lesson,
            warning=warning,
        )
        session.add(interception)
        session.flush()
        audit.record(
            session, request.customer_id, "payment_held", request=request.id, rules=",".join(names)
        )
        return Hold(interception.id, names, lesson, warning)

    def hold_of(self, session: Session, request_id: str) -> Hold | None:
        row = session.scalar(select(Interception).where(Interception.request_id == request_id))
        if row is None:
            return None
        return Hold(row.id, json.loads(row.rules), row.lesson_slug, row.warning)

    def settle(self, session: Session, request_id: str, outcome: str) -> None:
        """Record what became of a held payment: released, confirmed or cancelled."""
        row = session.scalar(select(Interception).where(Interception.request_id == request_id))
        if row is not None:
            row.outcome = outcome
            row.updated_at = self.clock()

    def note_callback(self, session: Session, request_id: str) -> None:
        row = session.scalar(select(Interception).where(Interception.request_id == request_id))
        if row is not None:
            row.callback_requested = True
            row.updated_at = self.clock()

    def _outgoing(
        self, session: Session, customer_id: str, now: dt.datetime
    ) -> list[tuple[int | None, int]]:
        since = now - dt.timedelta(days=self.history_days)
        rows = session.execute(
            select(Transaction.payee_id, Posting.amount_minor)
            .join(Posting, Posting.transaction_id == Transaction.id)
            .where(
                Transaction.customer_id == customer_id,
                Transaction.kind.in_(OUTGOING_KINDS),
                Transaction.booked_at >= since,
                Posting.amount_minor < 0,
            )
        )
        return [(payee_id, -amount) for payee_id, amount in rows]


def _phrase_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(w.lower()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])", re.IGNORECASE)
