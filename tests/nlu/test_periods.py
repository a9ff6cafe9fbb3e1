import datetime as dt

import pytest

from nlu.periods import find_period

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("how much did I spend on groceries last month", "2026-10-01", "2026-11-01"),
        ("what came in this month", "2026-11-01", "2026-11-24"),
        ("what did I buy yesterday", "2026-11-22", "2026-11-23"),
        ("payments last week", "2026-11-16", "2026-11-23"),
        ("what did i spend in march", "2026-03-01", "2026-04-01"),
        ("what did i spend in december", "2025-12-01", "2026-01-01"),
        ("the last three months", "2026-08-23", "2026-11-24"),
        ("since the first of october", "2026-10-01", "2026-11-24"),
        ("since the first", "2026-11-01", "2026-11-24"),
        ("since november 2nd", "2026-11-02", "2026-11-24"),
        ("last year", "2025-01-01", "2026-01-01"),
    ],
)
def test_periods(text, start, end):
    period = find_period(text, TODAY)
    assert period is not None
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_since_a_weekday_is_in_the_past():
    period = find_period("what have I paid since Wednesday", TODAY)
    assert period is not None and period.start == dt.date(2026, 11, 18)


def test_no_period():
    assert find_period("what is my balance", TODAY) is None
