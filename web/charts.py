"""Simple horizontal bar charts as SVG for the portal's analytics.

Plain SVG attributes only (the pages' Content-Security-Policy allows no
inline styles); every chart also has its numbers as a table for screen
readers and for reading exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, LABEL, BAR_HEIGHT, GAP = 640, 230, 36, 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL
    width: int = WIDTH


def bar_chart(title: str, values: list[tuple[str, int]]) -> BarChart:
    room = WIDTH - LABEL - 60
    top = max((v for _, v in values), default=0) or 1
    bars = [
        Bar(label, value, GAP + i * (BAR_HEIGHT + GAP), round(room * value / top))
        for i, (label, value) in enumerate(values)
    ]
    return BarChart(title, bars, GAP + len(bars) * (BAR_HEIGHT + GAP) or 2 * GAP)
