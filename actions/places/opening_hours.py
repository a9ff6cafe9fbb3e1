"""Opening hours said aloud, and whether a place is open on the day asked about.

The directory keeps hours as staff write them ("Mon-Fri 9am-5pm, Sat 9am-12 noon",
"Tue and Thu 10am-2pm", "open all day, every day"); a customer asks "is it open
saterday" or "what time does it open".
"""

from __future__ import annotations

import difflib
import re

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_SHORT = {day[:3]: day for day in DAYS}
# "Mon-Fri 9am-5pm": the days of a part of the hours, then its times.
_PART = re.compile(r"^(?P<days>[A-Za-z]{3}(?:\s*(?:-|and|,)\s*[A-Za-z]{3})*)\s+(?P<times>.+)$")


# What an answer about one place says (`hours_answer`, actions/places/branches.py): a later
# question follows such an answer.
HOURS_SAID = re.compile(r"\bis (?:open|closed on)\b|^The phone number of ")


def day_asked(text: str) -> str | None:
    """The day of the week named in a question, a letter or two misspelt ("saterday")."""
    for word in re.findall(r"[a-z]+", text.lower()):
        word = word.removesuffix("s") if word.endswith("days") else word
        if len(word) < 5:
            continue
        close = difflib.get_close_matches(word, DAYS, n=1, cutoff=0.75)
        if close:
            return close[0]
    return None


# "what time does it open", "opening hours", "when do they close": about hours.
_HOURS_WORDS = re.compile(
    r"\b(?:open|opens|opening|close|closes|closing|hours|weekends?|when|what time)\b", re.I
)


def asks_about_hours(text: str) -> bool:
    """The message asks when a place is open (a day named counts, "saterday" too)."""
    return bool(_HOURS_WORDS.search(text) or day_asked(text))


def spoken(hours: str) -> str:
    """ "Mon-Fri 9am-5pm" as "Monday to Friday 9am-5pm" (read aloud well)."""
    said = re.sub(r"\b([A-Z][a-z]{2})-([A-Z][a-z]{2})\b", r"\1 to \2", hours)
    return re.sub(
        r"\b([A-Z][a-z]{2})\b",
        lambda m: _SHORT.get(m.group(1).lower(), m.group(1)).capitalize(),
        said,
    )


def open_on(hours: str, day: str) -> str | None:
    """The times a place is open on `day`; "" when closed that day; None if the hours
    name no days ("open all day, every day")."""
    named_any = False
    for part in (p.strip() for p in hours.split(",")):
        match = _PART.match(part)
        if not match or match.group("days")[:3].lower() not in _SHORT:
            continue
        named_any = True
        if day in _days_of(match.group("days")):
            return match.group("times")
    return "" if named_any else None


def _days_of(days: str) -> set[str]:
    found: set[str] = set()
    for piece in re.split(r"\s*(?:and|,)\s*", days.lower()):
        ends = [_SHORT.get(p.strip(), "") for p in piece.split("-")]
        if "" in ends:
            continue  # not a day ("open all day")
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        found.update(DAYS[first : last + 1])
    return found


def hours_answer(name: str, hours: str, day: str | None) -> str:
    """One short answer about one place."""
    if day is not None:
        times = open_on(hours, day)
        if times == "":
            return f"{name} is closed on {day.capitalize()}. It is open {spoken(hours)}."
        if times:
            return f"Yes. On {day.capitalize()}, {name} is open {times}."
    said = spoken(hours)
    return f"{name} is {said}." if said.lower().startswith("open") else f"{name} is open {said}."
