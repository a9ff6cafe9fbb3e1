"""Periods of time in Chinese text (nlu/zh/periods.py), read as their English words are."""

import datetime as dt

import pytest

from nlu.periods import Period
from nlu.periods import find_period as find_english_period
from nlu.zh.periods import find_period

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "start", "end", "words"),
    [
        ("上个月花了多少钱", "2026-10-01", "2026-11-01", "上个月"),
        ("上周的付款", "2026-11-16", "2026-11-23", "上周"),
        ("上周一以来", "2026-11-16", "2026-11-24", "上周一以来"),
        ("最近三天", "2026-11-20", "2026-11-24", "最近三天"),
        ("今天", "2026-11-23", "2026-11-24", "今天"),
        ("昨天买了什么", "2026-11-22", "2026-11-23", "昨天"),
        ("前天", "2026-11-21", "2026-11-22", "前天"),
        ("这个月", "2026-11-01", "2026-11-24", "这个月"),
        ("本周", "2026-11-23", "2026-11-24", "本周"),
        ("上个星期", "2026-11-16", "2026-11-23", "上个星期"),
        ("上礼拜", "2026-11-16", "2026-11-23", "上礼拜"),
        ("今年", "2026-01-01", "2026-11-24", "今年"),
        ("去年", "2025-01-01", "2026-01-01", "去年"),
        ("最近3天", "2026-11-20", "2026-11-24", "最近3天"),
        ("近两周", "2026-11-09", "2026-11-24", "近两周"),
        ("最近三个月", "2026-08-23", "2026-11-24", "最近三个月"),
        ("过去一年", "2025-11-23", "2026-11-24", "过去一年"),
        ("上周一", "2026-11-16", "2026-11-17", "上周一"),
        ("上周日", "2026-11-22", "2026-11-23", "上周日"),
        ("周三以来", "2026-11-18", "2026-11-24", "周三以来"),
        ("从3月1号开始", "2026-03-01", "2026-11-24", "从3月1号开始"),
        ("1号以来", "2026-11-01", "2026-11-24", "1号以来"),
        ("25号以来", "2026-10-25", "2026-11-24", "25号以来"),
        ("3月5号", "2026-03-05", "2026-03-06", "3月5号"),
        ("三月份", "2026-03-01", "2026-04-01", "三月份"),
        ("十二月", "2025-12-01", "2026-01-01", "十二月"),
        ("去年十二月", "2025-12-01", "2026-01-01", "去年十二月"),
        ("2025年3月", "2025-03-01", "2025-04-01", "2025年3月"),
        ("上週一以來", "2026-11-16", "2026-11-24", "上週一以來"),  # traditional
        ("上個月", "2026-10-01", "2026-11-01", "上個月"),
    ],
)
def test_periods(text, start, end, words):
    period = find_period(text, TODAY)
    assert isinstance(period, Period)
    assert (period.start.isoformat(), period.end.isoformat(), period.text) == (start, end, words)


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("上个月", "last month"),
        ("上周", "last week"),
        ("这周", "this week"),
        ("这个月", "this month"),
        ("今年", "this year"),
        ("去年", "last year"),
        ("今天", "today"),
        ("昨天", "yesterday"),
        ("最近三天", "the last three days"),
        ("最近三个月", "the last three months"),
        ("三月", "in march"),
        ("十二月", "in december"),
        ("周三以来", "since wednesday"),
        ("周一以来", "since monday"),
        ("1号以来", "since the first"),
    ],
)
def test_the_same_period_as_in_english(chinese, english):
    said = find_period(chinese, TODAY)
    meant = find_english_period(english, TODAY)
    assert said is not None and meant is not None
    assert (said.start, said.end) == (meant.start, meant.end)


@pytest.mark.parametrize(
    "text",
    [
        "我的余额是多少",
        "周三花了多少",  # Wednesday alone may be the one to come: not guessed
        "这周五",  # still to come on a Monday
        "2月30号以来",
        "转一万到二号账户",  # account number two, not the 2nd
        "最近的银行在哪里",
    ],
)
def test_no_period(text):
    assert find_period(text, TODAY) is None


def test_in_all_last_week_is_last_week_not_its_monday():
    period = find_period("上周一共花了多少", TODAY)
    assert period is not None and (period.start, period.end) == (
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 23),
    )
