"""Periods of time in Chinese text, as nlu/periods.py reads English ones: a `Period`,
a half-open range of dates [start, end), with the words that named it.

- a day or a week, a month or a year: "今天", "昨天", "前天", "这周", "上周" ("上个星期",
  "上礼拜"), "这个月", "上个月", "今年", "去年";
- the last so many days, weeks, months or years, today included: "最近三天", "过去两周",
  "近三个月", "最近一年" (from that many before today, as "the last 3 days");
- since a day: "上周一以来", "周三以来" (the last Wednesday before today, as "since
  Wednesday"), "这周一以来", "从3月1号开始", "1号以来" (this month's, or last month's
  when it is still to come);
- one day of a week: "上周一", "这周三"; a day of a month: "3月5号";
- a month: "三月", "三月份", "去年十二月", "2025年3月" (a month still to come this year
  is last year's, as "in December" said in March).
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from nlu.periods import Period
from nlu.zh.numbers import small_number
from nlu.zh.text import simplified

__all__ = ["Period", "find_period"]

_NUMBER = r"[0-9零一二两三四五六七八九十]+"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEK = r"(?P<week>上|这|本)"
# "上周一", not "上周一共" ("in all last week") nor "周一起" ("together").
_WEEKDAY = r"个?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天1-7])(?![共起样些直定])"
_YEAR = r"(?:(?P<year>[0-9]{4}年|去年|今年))?"
# "3月1号", "1号" (of this month).
_DATE = rf"{_YEAR}(?:(?P<month>{_NUMBER})月份?)?(?P<day>{_NUMBER})(?:号|日)"
_SINCE = re.compile(rf"(?:自从|从|自)?(?:{_WEEK}?{_WEEKDAY}|{_DATE})(?:以来|开始|起|至今|到现在)")
# One day: a weekday of a week named ("周三" alone may be the one to come), a day of a
# month named ("二号账户" is account number two).
_DAY = re.compile(rf"{_WEEK}{_WEEKDAY}|{_YEAR}(?P<month>{_NUMBER})月(?P<day>{_NUMBER})(?:号|日)")
_LAST = re.compile(
    rf"(?:最近|过去|近)(?:的)?(?P<count>{_NUMBER})(?:个)?(?P<unit>天|日|周|星期|礼拜|月|年)"
)
_MONTH = re.compile(rf"{_YEAR}(?P<month>{_NUMBER})月份?")
_UNITS = {"天": "days", "日": "days", "周": "weeks", "星期": "weeks", "礼拜": "weeks"}
_UNITS |= {"月": "months", "年": "years"}


def find_period(text: str, today: dt.date) -> Period | None:
    """The first period named in `text`, or None."""
    said = simplified(text)
    for reader in (_since, _one_day, _last, _month, _named):
        found = reader(said, today)
        if found is not None:
            match, start, end = found
            if start is None or start > today:
                return None  # "2月30号以来", or "这周五" said on a Monday
            return Period(start, end, text[match.start() : match.end()])
    return None


# What a reader found: the words, and the first day and the day after the period (a
# first day None when the words name no day).
_Found = tuple[re.Match[str], dt.date | None, dt.date]


def _since(said: str, today: dt.date) -> _Found | None:
    match = _SINCE.search(said)
    if match is None:
        return None
    return match, _day(match, today, since=True), today + dt.timedelta(days=1)


def _one_day(said: str, today: dt.date) -> _Found | None:
    match = _DAY.search(said)
    day = _day(match, today, since=False) if match else None
    if match is None:
        return None
    return match, day, (day or today) + dt.timedelta(days=1)


def _last(said: str, today: dt.date) -> _Found | None:
    """ "最近三天": from three days before today, to the end of today ("the last 3 days")."""
    match = _LAST.search(said)
    count = small_number(match["count"]) if match else None
    if match is None or not count:
        return None
    if match["unit"] == "月" and "个" not in match[0]:
        return None  # "最近三月" may be March
    start = today - relativedelta(**{_UNITS[match["unit"]]: count})
    return match, start, today + dt.timedelta(days=1)


def _named(said: str, today: dt.date) -> _Found | None:
    for pattern, start, end in _fixed(today):
        match = re.search(pattern, said)
        if match:
            return match, start, end
    return None


def _month(said: str, today: dt.date) -> _Found | None:
    """ "三月": the last March up to today ("in March")."""
    match = _MONTH.search(said)
    month = small_number(match["month"]) if match else None
    if match is None or month is None or not 1 <= month <= 12:
        return None
    year = _year(match["year"], today)
    if year is None:
        year = today.year if month <= today.month else today.year - 1
    start = dt.date(year, month, 1)
    return match, start, start + relativedelta(months=1)


def _fixed(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The periods named by a word, as the patterns that name them."""
    tomorrow = today + dt.timedelta(days=1)
    week = today - dt.timedelta(days=today.weekday())
    month = today.replace(day=1)
    year = today.replace(month=1, day=1)
    return [
        ("今天|今日", today, tomorrow),
        ("昨天|昨日", today - dt.timedelta(days=1), today),
        ("前天", today - dt.timedelta(days=2), today - dt.timedelta(days=1)),
        ("(?:这|本)个?(?:周|星期|礼拜)", week, tomorrow),
        ("上个?(?:周|星期|礼拜)", week - dt.timedelta(days=7), week),
        ("(?:这|本)个?月", month, tomorrow),
        ("上个?月", month - relativedelta(months=1), month),
        ("今年|本年", year, tomorrow),
        ("去年", year.replace(year=today.year - 1), year),
    ]


def _year(said: str | None, today: dt.date) -> int | None:
    if said is None:
        return None
    if said == "去年":
        return today.year - 1
    return today.year if said == "今年" else int(said[:4])


def _day(match: re.Match[str], today: dt.date, *, since: bool) -> dt.date | None:
    """The day a weekday or a date names, or None when there is no such day."""
    if match["weekday"]:
        return _weekday(match["week"], match["weekday"], today, since=since)
    day, month = small_number(match["day"]), small_number(match["month"] or "")
    if day is None:
        return None
    year = _year(match["year"], today)
    try:
        if month is None:
            # "1号以来": this month's, or last month's when still to come.
            start = today.replace(day=day)
            return start if start <= today else start - relativedelta(months=1)
        when = dt.date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and when > today:
        when = when.replace(year=today.year - 1)
    return when


def _weekday(week: str | None, name: str, today: dt.date, *, since: bool) -> dt.date | None:
    """ "上周一" (last week's Monday), "这周三" (this week's), "周三" (the last before
    today; only after "since": a weekday alone may be the one to come)."""
    weekday = int(name) - 1 if name.isdigit() else _WEEKDAYS[name]
    monday = today - dt.timedelta(days=today.weekday())
    if week == "上":
        return monday - dt.timedelta(days=7 - weekday)
    if week in ("这", "本"):
        return monday + dt.timedelta(days=weekday)
    if not since:
        return None
    back = (today.weekday() - weekday) % 7 or 7
    return today - dt.timedelta(days=back)
