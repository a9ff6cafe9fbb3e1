"""Periods of time in what people say: "last month", "since Monday", "in March".

A `Period` is a half-open range of dates [start, end). Relative words are
handled here; anything after "since" or "from" is handed to dateparser.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser
from dateutil.relativedelta import relativedelta

from nlu.money import normalise

_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
# text2num leaves ordinals below its threshold as words ("the first of May").
_SMALL_ORDINALS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}  # fmt: skip
_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive
    text: str

    def as_entity_value(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "text": self.text}


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def find_period(text: str, today: dt.date) -> Period | None:
    """The first period named in `text`, or None."""
    lowered = normalise(text.lower())
    lowered = re.sub(
        r"\b(" + "|".join(_SMALL_ORDINALS) + r")\b", lambda m: _SMALL_ORDINALS[m.group(1)], lowered
    )
    tomorrow = today + dt.timedelta(days=1)
    month_start = today.replace(day=1)

    fixed = [
        (r"\btoday\b", today, tomorrow),
        (r"\byesterday\b", today - dt.timedelta(days=1), today),
        (r"\bthis week\b", _week_start(today), tomorrow),
        (r"\blast week\b", _week_start(today) - dt.timedelta(days=7), _week_start(today)),
        (r"\bthis month\b", month_start, tomorrow),
        (r"\blast month\b", month_start - relativedelta(months=1), month_start),
        (r"\bthis year\b", today.replace(month=1, day=1), tomorrow),
        (
            r"\blast year\b",
            today.replace(year=today.year - 1, month=1, day=1),
            today.replace(month=1, day=1),
        ),
    ]
    for pattern, start, end in fixed:
        match = re.search(pattern, lowered)
        if match:
            return Period(start, end, match.group(0))

    match = re.search(r"\b(?:last|past|previous)\s+(\d+)\s+(day|week|month|year)s?\b", lowered)
    if match:
        count, unit = int(match.group(1)), _UNITS[match.group(2)]
        return Period(today - relativedelta(**{unit: count}), tomorrow, match.group(0))

    match = re.search(
        r"\b(?:in|during|for)?\s*(" + "|".join(_MONTHS) + r")(?:\s+(\d{4}))?\b", lowered
    )
    if match and not re.search(r"\b(?:since|from)\b", lowered[: match.start(1)]):
        month = _MONTHS.index(match.group(1)) + 1
        year = int(match.group(2)) if match.group(2) else today.year
        if not match.group(2) and month > today.month:
            year -= 1  # "in December" said in March means last December
        start = dt.date(year, month, 1)
        return Period(start, start + relativedelta(months=1), match.group(0).strip())

    match = re.search(r"\b(?:since|from)\s+(.+)$", lowered)
    if match:
        phrase = re.split(r"\b(?:to|until|till)\b", match.group(1))[0].strip(" ?.!")
        day_only = re.fullmatch(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)", phrase)
        if day_only and 1 <= int(day_only.group(1)) <= 28:
            # "since the 1st": that day of this month, or of last month if still to come.
            start = today.replace(day=int(day_only.group(1)))
            if start > today:
                start -= relativedelta(months=1)
            return Period(start, tomorrow, match.group(0).strip(" ?.!"))
        when = dateparser.parse(
            phrase,
            languages=["en"],
            settings={
                "PREFER_DATES_FROM": "past",
                "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
                "REQUIRE_PARTS": [],
            },
        )
        if when is not None and when.date() <= today:
            return Period(when.date(), tomorrow, match.group(0).strip(" ?.!"))
    return None
